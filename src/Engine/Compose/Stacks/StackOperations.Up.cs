using System.Text.Json;
using Portal.Data.Entities;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Containers;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.Engine.Pipeline.Admission;
using Portal.Engine.Volumes;

namespace Portal.Engine.Compose.Stacks;

public sealed partial class StackOperations
{
    /// <summary>The resolved, normalized model as JSON, like <c>docker compose config --format json</c>.</summary>
    public async Task<string> ConfigAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var (project, _, _, _) = await LoadStackAsync(actor, name, operate: false, cancellationToken).ConfigureAwait(false);
        return project.Document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>What <c>up</c> would do now, after the same admission checks; changes nothing.</summary>
    public async Task<ComposePlan> PlanAsync(Actor actor, string name, PlanOptions? options, CancellationToken cancellationToken)
    {
        var (project, stack, files, paths) = await LoadStackAsync(actor, name, operate: false, cancellationToken).ConfigureAwait(false);
        var prepared = await PrepareAsync(actor, project, new ComposeRunContext(actor, stack.Team, WorkingDir(name), paths, files), options ?? PlanOptions.Default, cancellationToken).ConfigureAwait(false);
        return prepared.Plan;
    }

    /// <summary>
    /// Like <c>docker compose up -d</c>: admits every service, plans, checks the team's quota, and only then pulls or
    /// builds missing images and converges; audited as <c>stack.up</c> with the plan. A refused deploy pulls and builds nothing.
    /// </summary>
    public Task<StackActionResult> UpAsync(Actor actor, string name, ComposeUpOptions options, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "stack.up", name, async (ctx, ct) =>
        {
            ArgumentNullException.ThrowIfNull(options);
            var (project, stack, files, paths) = await LoadStackAsync(actor, name, operate: true, ct).ConfigureAwait(false);
            ctx.Team = stack.Team;
            var prepared = await PrepareAsync(actor, project, new ComposeRunContext(actor, stack.Team, WorkingDir(name), paths, files), options.Plan, ct).ConfigureAwait(false);
            ctx.Detail = prepared.Plan.Render();
            using var quotaLock = await quota.EnterAsync(stack.Team, ct).ConfigureAwait(false);
            await CheckQuotaAsync(stack.Team, project, prepared, ct).ConfigureAwait(false);
            if (!prepared.Images.IsEmpty)
            {
                // Admitted and within quota: now the images are fetched, and the plan is made again with their ids
                // (a pulled image may differ from the one a container runs). The quota is checked again on that plan,
                // still under the team's lock; it can only differ where a kept container now needs recreating.
                await AcquireImagesAsync(actor, project, prepared.Context, prepared.Images, progress, ct).ConfigureAwait(false);
                prepared = await ReplanAsync(project, prepared, options.Plan, ct).ConfigureAwait(false);
                await CheckQuotaAsync(stack.Team, project, prepared, ct).ConfigureAwait(false);
            }

            var planText = prepared.Plan.Render();
            ctx.Detail = planText;
            progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, "project", null, "planned", planText));
            Directory.CreateDirectory(WorkingDir(name));
            var executor = new ComposeExecutor(connection.Client, project, prepared.Context, options, prepared.ImageIds, prepared.Admitted, prepared.ExternalNetworks, progress, time);
            await executor.ExecuteAsync(prepared.Plan, ct).ConfigureAwait(false);
            var report = executor.StateReport();
            progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, "project", null, "done", $"{project.Name} is up\n{report}"));
            return new StackActionResult(name, "up", planText, report);
        }, cancellationToken);

    /// <summary>Like <c>docker compose up -d --scale service=n</c>.</summary>
    public Task<StackActionResult> ScaleAsync(Actor actor, string name, string service, int replicas, IProgress<ComposeEvent> progress, CancellationToken cancellationToken)
    {
        if (replicas is < 0 or > 100)
        {
            throw OperationFailedException.Invalid("Replicas must be between 0 and 100.");
        }

        return UpAsync(actor, name, new ComposeUpOptions { Plan = new PlanOptions { Scale = new Dictionary<string, int> { [service] = replicas } } }, progress, cancellationToken);
    }

    private async Task<(ComposeProject Project, Stack Stack, StackFileSource Files, IReadOnlyList<string> Paths)> LoadStackAsync(Actor actor, string name, bool operate, CancellationToken ct)
    {
        var (stack, _) = await ResolveAsync(actor, name, ct).ConfigureAwait(false);
        if (stack is null || stack.Adopted)
        {
            throw OperationFailedException.Invalid($"Stack '{name}' has no compose files in Portal (it was made outside Portal); save its files first.");
        }

        Require(actor, stack, operate);
        var revision = await stacks.RevisionAsync(stack.Id, null, ct).ConfigureAwait(false)
            ?? throw OperationFailedException.Invalid($"Stack '{name}' has no files.");
        var (project, source, paths) = LoadFiles(name, Files(revision), revision.Env, "The stack's files do not load");
        return (project, stack, source, paths);
    }

    /// <summary>Files to a project ready to plan: loaded, relative binds resolved under the stack's folder; invalid files throw with every located error.</summary>
    private (ComposeProject Project, StackFileSource Files, IReadOnlyList<string> Paths) LoadFiles(string name, IReadOnlyList<Loading.ComposeFile> files, string env, string failure)
    {
        var fileErrors = StackFiles.Check(files, env, engineOptions.Value.MaxStackFileBytes, engineOptions.Value.MaxStackBytes);
        var (project, errors) = fileErrors.Count > 0 ? (null, fileErrors) : Load(name, files, env);
        var paths = files.Where(StackFiles.IsMerged).Select(f => $"{WorkingDir(name)}/{f.Name}").ToList();
        return project is not null ? (StackFolder.ResolveBinds(project, WorkingDir(name)), new StackFileSource(files, env), paths)
            : throw OperationFailedException.Invalid($"{failure}:\n{string.Join('\n', errors)}");
    }

    // ExternalNetworks: engine ids of the external networks, by name, as access resolved them for the actor.
    private sealed record Prepared(ComposePlan Plan, IReadOnlyDictionary<string, string> ImageIds, ComposeRunContext Context,
        IReadOnlyDictionary<string, ContainerSpec> Admitted, ImageNeeds Images, IReadOnlyDictionary<string, string> ExternalNetworks);

    /// <summary>
    /// Everything checked before anything changes on the engine: admission of every service, network and volume;
    /// access to external ones; which images <c>pull_policy</c> wants pulled or built (refusing a missing one it
    /// may not pull); and the plan against the images present now. Changes nothing.
    /// </summary>
    private async Task<Prepared> PrepareAsync(Actor actor, ComposeProject project, ComposeRunContext context, PlanOptions options, CancellationToken ct)
    {
        // The run form's admission, settings read fresh and referenced containers resolved; the admitted spec
        // (with the policy's default memory limit) is what the executor creates. Its image lookup is the one
        // that hides another team's private image: such an image counts as missing here, for every pull_policy.
        var admitted = new Dictionary<string, ContainerSpec>(StringComparer.Ordinal);
        var present = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in project.Services)
        {
            var spec = ComposeSpecs.ToSpec(project, service, 1, context.Team, new Dictionary<string, string>());
            try
            {
                var result = await admission.AdmitWithImageAsync(actor, spec, ct).ConfigureAwait(false);
                admitted[service.Name] = result.Spec;
                if (result.ImageId is { } id)
                {
                    present[result.Spec.Image] = id;
                }
            }
            catch (OperationFailedException ex) when (ex.Rule is not null)
            {
                throw new OperationFailedException(OperationOutcome.Forbidden,
                    $"Service '{service.Name}' is refused, so nothing was deployed: key '{ComposeSpecs.KeyForRule(ex.Rule, service)}', rule '{ex.Rule}': {ex.Message}") { Rule = ex.Rule };
            }
        }

        // The build form's rule, judged here so a refused build.network refuses the deploy before anything is pulled or built.
        foreach (var service in project.Services)
        {
            if (Portal.Engine.Images.ImageBuilds.NetworkRefusal(actor, service.Build?.Network) is { } refusal)
            {
                throw new OperationFailedException(OperationOutcome.Forbidden,
                    $"Service '{service.Name}' is refused, so nothing was deployed: key 'build.network', rule '{Portal.Engine.Images.ImageBuilds.HostNetworkRule}': {refusal}")
                { Rule = Portal.Engine.Images.ImageBuilds.HostNetworkRule };
            }
        }

        var externalNetworks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var network in project.Networks.Values)
        {
            if (network.External)
            {
                var resolved = await networkAccess.ResolveAsync(actor, network.Name, NetworkUse.Attach, ct).ConfigureAwait(false);
                if (!resolved.BuiltIn)
                {
                    externalNetworks[network.Name] = resolved.Id;
                }
            }
            else
            {
                Refusing($"networks.{network.Key}", () => NetworkAdmission.Admit(actor, new CreateNetworkRequest
                {
                    Name = network.Name,
                    Driver = network.Driver,
                    Options = network.DriverOpts.Count > 0 ? network.DriverOpts : null,
                }));
            }
        }

        foreach (var volume in project.Volumes.Values)
        {
            if (volume.External)
            {
                await volumeAccess.ResolveAsync(actor, volume.Name, write: true, ct).ConfigureAwait(false);
            }
            else
            {
                Refusing($"volumes.{volume.Key}", () => VolumeAdmission.Admit(actor, new CreateVolumeRequest
                {
                    Name = volume.Name,
                    Driver = volume.Driver,
                    DriverOptions = volume.DriverOpts.Count > 0 ? volume.DriverOpts : null,
                }));
            }
        }

        var needs = ImagesToAcquire(project, present);
        var prepared = await PlanAsync(project, new Prepared(new ComposePlan(project.Name, []), present, context, admitted, needs, externalNetworks), options, ct).ConfigureAwait(false);
        await EnsureNamesFreeAsync(prepared.Plan, ct).ConfigureAwait(false);
        return prepared;
    }

    /// <summary>After pulls and builds: the same preparation with the images' current ids, nothing left to fetch.</summary>
    private async Task<Prepared> ReplanAsync(ComposeProject project, Prepared prepared, PlanOptions options, CancellationToken ct)
    {
        var imageIds = await UsableImageIdsAsync(prepared.Context.Actor, project, ct).ConfigureAwait(false);
        return await PlanAsync(project, prepared with { ImageIds = imageIds, Images = ImageNeeds.None }, options, ct).ConfigureAwait(false);
    }

    private async Task<Prepared> PlanAsync(ComposeProject project, Prepared prepared, PlanOptions options, CancellationToken ct)
    {
        var observed = await ComposeObserver.ObserveAsync(connection.Client, project.Name, ct).ConfigureAwait(false);
        var changes = project.Services.ToDictionary(s => s.Name, s => AdmittedChanges.Of(s, prepared.Admitted[s.Name]), StringComparer.Ordinal);
        return prepared with { Plan = ComposePlanner.Plan(project, observed, prepared.ImageIds, options, changes) };
    }

    /// <summary>
    /// A network or volume the plan would create must not have a name something else holds: the engine
    /// would refuse the network only half-way through the deploy, and would hand over an existing volume
    /// of that name (another team's data) without a word. Refused before anything changes, with the
    /// one answer for a taken name.
    /// </summary>
    private async Task EnsureNamesFreeAsync(ComposePlan plan, CancellationToken ct)
    {
        foreach (var step in plan.Steps.Where(s => s.Action == PlanAction.Create))
        {
            var taken = step.Object switch
            {
                PlanObject.Network => await NetworkCreation.IsTakenAsync(connection.Client, step.Name, ct).ConfigureAwait(false),
                PlanObject.Volume => await volumeAccess.FindAsync(step.Name, ct).ConfigureAwait(false) is not null,
                _ => false,
            };
            if (taken)
            {
                throw OperationFailedException.NameTaken(step.Object == PlanObject.Network ? "network" : "volume", step.Name);
            }
        }
    }

    /// <summary>The stack's host folder (<see cref="StackFolder"/>); the compose labels name it as the working directory.</summary>
    private string WorkingDir(string name) => StackFolder.Of(engineOptions.Value.StacksFolder, name);

    private static void Refusing(string path, Action admit)
    {
        try
        {
            admit();
        }
        catch (OperationFailedException ex) when (ex.Rule is not null)
        {
            throw new OperationFailedException(OperationOutcome.Forbidden, $"{path} is refused, so nothing was deployed: rule '{ex.Rule}': {ex.Message}") { Rule = ex.Rule };
        }
    }
}
