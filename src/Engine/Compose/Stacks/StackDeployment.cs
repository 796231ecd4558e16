using Portal.Engine.Compose.Execution;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;

namespace Portal.Engine.Compose.Stacks;

/// <summary>A stack's <c>up</c>: admitted and planned, within the team's quota, its images fetched, then converged; through the pipeline.</summary>
public sealed class StackDeployment(StackAccess access, StackPlans plans, StackImages images, StackQuota quota, OperationRunner runner, EngineResources resources, TimeProvider time)
{
    /// <summary>
    /// Like <c>docker compose up -d</c>: admits every service, plans, checks the team's quota, and only then pulls or
    /// builds missing images and converges; audited as <c>stack.up</c> with the plan. A refused deploy pulls and builds nothing.
    /// </summary>
    public Task<StackActionResult> UpAsync(Actor actor, string name, ComposeUpOptions options, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "stack.up", name, async (ctx, ct) =>
        {
            ArgumentNullException.ThrowIfNull(options);
            var (project, stack, files, paths) = await access.LoadStackAsync(actor, name, operate: true, ct).ConfigureAwait(false);
            ctx.Team = stack.Team;
            var prepared = await plans.PrepareAsync(actor, project, new ComposeRunContext(actor, stack.Team, access.WorkingDir(name), paths, files), options.Plan, ct).ConfigureAwait(false);
            ctx.Detail = prepared.Plan.Render();
            using var quotaLock = await quota.EnterAsync(stack.Team, ct).ConfigureAwait(false);
            await quota.CheckQuotaAsync(stack.Team, project, prepared, ct).ConfigureAwait(false);
            if (!prepared.Images.IsEmpty)
            {
                // Admitted and within quota: now the images are fetched, and the plan is made again with their ids
                // (a pulled image may differ from the one a container runs). The quota is checked again on that plan,
                // still under the team's lock; it can only differ where a kept container now needs recreating.
                await images.AcquireImagesAsync(actor, project, prepared.Context, prepared.Images, progress, ct).ConfigureAwait(false);
                prepared = await plans.ReplanAsync(project, prepared, options.Plan, ct).ConfigureAwait(false);
                await quota.CheckQuotaAsync(stack.Team, project, prepared, ct).ConfigureAwait(false);
            }

            var planText = prepared.Plan.Render();
            ctx.Detail = planText;
            progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, "project", null, "planned", planText));
            Directory.CreateDirectory(access.WorkingDir(name));
            var executor = new ComposeExecutor(resources, project, prepared.Context, options, new ComposeResolved(prepared.ImageIds, prepared.Admitted, prepared.ExternalNetworks), progress, time);
            await executor.ExecuteAsync(prepared.Plan, ct).ConfigureAwait(false);
            var report = executor.StateReport();
            progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, "project", null, "done", $"{project.Name} is up\n{report}"));
            return new StackActionResult(name, "up", planText, report);
        }, cancellationToken);
}
