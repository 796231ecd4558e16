using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Model;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;
using Portal.Engine.Runner;

namespace Portal.Engine.Compose.Stacks;

/// <summary>A stack's <c>up</c>, a declared operation: access to the stack, admission of every service, network and volume, the team's quota on the plan; then its images fetched and the plan converged.</summary>
public sealed class StackDeployment(StackAccess access, StackPlans plans, StackImages images, StackQuota quota, OperationRunner runner, EngineResources resources, TimeProvider time)
{
    /// <summary>
    /// Like <c>docker compose up -d</c>: admits every service, plans, checks the team's quota, and only then pulls or
    /// builds missing images and converges; audited as <c>stack.up</c> with the plan. A refused deploy pulls and builds nothing.
    /// </summary>
    public Task<StackActionResult> UpAsync(Actor actor, string name, ComposeUpOptions options, IProgress<ComposeEvent> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ComposeProject? project = null;
        ComposeRunContext? context = null;
        StackAdmissions? admissions = null;
        StackPreparation? prepared = null;
        var declaration = new OperationDeclaration("stack.up", TargetKind.Stack, name)
        {
            Access = async (who, ct) =>
            {
                var (loaded, stack, files, paths) = await access.LoadStackAsync(who, name, operate: true, ct).ConfigureAwait(false);
                project = loaded;
                context = new ComposeRunContext(who, stack.Team, access.WorkingDir(name), paths, files);
                return new OperationTarget(name, stack.Team);
            },
            Admit = async (_, ct) =>
            {
                admissions = await plans.AdmissionsAsync(actor, project!, context!, ct).ConfigureAwait(false);
                return admissions.Requests;
            },
            Refused = refusals => admissions!.Refused(refusals),
            // The plan is made with the admitted specs; its demand is what the team's quota judges.
            Quota = async (_, admitted, ct) =>
            {
                prepared = await plans.PrepareAsync(actor, project!, context!, admitted, options.Plan, ct).ConfigureAwait(false);
                return await quota.DemandAsync(prepared, ct).ConfigureAwait(false);
            },
            QuotaRefused = ex => StackQuota.NothingDeployed(project!.Name)(ex),
        };
        return runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var ctx = op.Context;
            ctx.Detail = prepared!.Plan.Render();
            if (!prepared.Images.IsEmpty)
            {
                // Admitted and within quota: now the images are fetched, and the plan is made again with their ids
                // (a pulled image may differ from the one a container runs). The quota is checked again on that plan,
                // still under the team's lock; it can only differ where a kept container now needs recreating.
                await images.AcquireImagesAsync(actor, project!, prepared.Context, prepared.Images, progress, ct).ConfigureAwait(false);
                prepared = await plans.ReplanAsync(project!, prepared, options.Plan, ct).ConfigureAwait(false);
                await op.RecheckQuotaAsync(await quota.DemandAsync(prepared, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            }

            var planText = prepared.Plan.Render();
            ctx.Detail = planText;
            progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, "project", null, "planned", planText));
            Directory.CreateDirectory(access.WorkingDir(name));
            var executor = new ComposeExecutor(op, resources, project!, prepared.Context, options, new ComposeResolved(prepared.ImageIds, prepared.Admitted, prepared.ExternalNetworks), progress, time);
            await executor.ExecuteAsync(prepared.Plan, ct).ConfigureAwait(false);
            var report = executor.StateReport();
            progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, "project", null, "done", $"{project!.Name} is up\n{report}"));
            return new StackActionResult(name, "up", planText, report);
        }, cancellationToken);
    }
}
