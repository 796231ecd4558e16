using System.Text.Json;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;
namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// What a stack's <c>up</c> would do, and the checks made before anything changes: admission of every service,
/// network and volume, access to external ones, the images to fetch, and the plan. Changes nothing.
/// </summary>
public sealed class StackPlans(
    StackAccess access,
    AdmissionPolicy admission,
    ContainerAccess containerAccess,
    ImageAccess images,
    NetworkAccess networkAccess,
    VolumeAccess volumeAccess,
    Engines engines)
{
    /// <summary>The resolved, normalized model as JSON, like <c>docker compose config --format json</c>.</summary>
    public async Task<string> ConfigAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var (project, _, _, _) = await access.LoadStackAsync(actor, name, operate: false, cancellationToken).ConfigureAwait(false);
        return project.Document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>What <c>up</c> would do now, after the same admission checks; changes nothing.</summary>
    public async Task<ComposePlan> PlanAsync(Actor actor, string name, PlanOptions? options, CancellationToken cancellationToken)
    {
        var (project, stack, files, paths) = await access.LoadStackAsync(actor, name, operate: false, cancellationToken).ConfigureAwait(false);
        return await PlanForAsync(actor, project, new ComposeRunContext(actor, stack.Team, access.WorkingDir(name), paths, files), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What <c>up</c> would do if <paramref name="files"/> and <paramref name="env"/> (the editor's unsaved text, every file)
    /// were saved, after the same admission checks as <see cref="PlanAsync(Actor, string, PlanOptions?, CancellationToken)"/>; changes nothing.
    /// </summary>
    /// <exception cref="OperationFailedException">Not found when the actor may not see the stack; invalid with the located errors when the files do not load.</exception>
    public async Task<ComposePlan> PreviewPlanAsync(Actor actor, string name, IReadOnlyList<ComposeFile> files, string env, PlanOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var (stack, _) = await access.ResolveAsync(actor, name, cancellationToken).ConfigureAwait(false);
        if (stack is null)
        {
            throw OperationFailedException.Invalid($"Stack '{name}' is not saved yet; save it to see its plan.");
        }

        StackAccess.Require(actor, stack, operate: false);
        var (project, source, paths) = access.LoadFiles(name, files, env ?? "", "The files do not load");
        var context = new Execution.ComposeRunContext(actor, stack.Team, access.WorkingDir(name), paths, source);
        return await PlanForAsync(actor, project, context, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A plan after the same admission as <c>up</c> (made here, as nothing changes): every request through the one entry point.</summary>
    private async Task<ComposePlan> PlanForAsync(Actor actor, ComposeProject project, ComposeRunContext context, PlanOptions? options, CancellationToken ct)
    {
        var admissions = await AdmissionsAsync(actor, project, context, ct).ConfigureAwait(false);
        var verdicts = await admission.AdmitEachAsync(actor, admissions.Requests, ct).ConfigureAwait(false);
        if (verdicts.Refused.Count > 0)
        {
            throw admissions.Refused(verdicts.Refused);
        }

        return (await PrepareAsync(actor, project, context, verdicts.Admitted, options ?? PlanOptions.Default, ct).ConfigureAwait(false)).Plan;
    }

    /// <summary>
    /// What a stack's <c>up</c> asks admission for, each with how its refusal is told: every service's container (the
    /// run form's rules, referenced containers resolved), every service's build network, and every network and volume
    /// the stack would create. The runner admits them for <c>up</c>; a plan admits them here through the same entry point.
    /// </summary>
    internal Task<StackAdmissions> AdmissionsAsync(Actor actor, ComposeProject project, ComposeRunContext context, CancellationToken ct) =>
        AdmissionsOf(project, context.Team, spec => containerAccess.ReferencedTeamsAsync(actor, spec, ct));

    /// <summary>The requests of <see cref="AdmissionsAsync"/>, given how the containers a spec refers to are resolved to their teams.</summary>
    internal static async Task<StackAdmissions> AdmissionsOf(ComposeProject project, string? team, Func<ContainerSpec, Task<IReadOnlyDictionary<string, string?>>> referencedTeams)
    {
        var requests = new List<(AdmissionRequest, Func<OperationFailedException, StackRefusalSubject>)>();
        foreach (var service in project.Services)
        {
            var spec = ComposeSpecs.ToSpec(project, service, 1, team, new Dictionary<string, string>());
            requests.Add((new ComposeServiceAdmission(service.Name, spec, await referencedTeams(spec).ConfigureAwait(false)),
                ex => ServiceKey(service.Name, ComposeSpecs.KeyForRule(ex.Rule, service))));
        }

        // The build form's rule, judged here so a refused build.network refuses the deploy before anything is pulled or built.
        foreach (var service in project.Services.Where(s => s.Build?.Network is not null))
        {
            requests.Add((new ImageBuildAdmission(service.Build!.Network!.Trim()), _ => ServiceKey(service.Name, "build.network")));
        }

        foreach (var network in project.Networks.Values.Where(n => !n.External))
        {
            var key = $"networks.{network.Key}";
            requests.Add((new NetworkCreateAdmission(network.Driver, network.DriverOpts.Count > 0 ? network.DriverOpts : null, Shared: false), _ => new($"Key '{key}'", key)));
        }

        foreach (var volume in project.Volumes.Values.Where(v => !v.External))
        {
            var key = $"volumes.{volume.Key}";
            requests.Add((new VolumeCreateAdmission(volume.Driver, volume.DriverOpts.Count > 0 ? volume.DriverOpts : null), _ => new($"Key '{key}'", key)));
        }

        return new StackAdmissions(requests);
    }

    /// <summary>
    /// Everything checked before anything changes on the engine, once admission passed: access to external networks and
    /// volumes; each admitted service's image as the actor may use it (another team's private image counts as missing,
    /// for every pull_policy); which images <c>pull_policy</c> wants pulled or built (refusing a missing one it may not
    /// pull); and the plan against the images present now. Changes nothing. Each service's spec as admitted (with the
    /// policy's default memory limit) is what the executor creates.
    /// </summary>
    internal async Task<StackPreparation> PrepareAsync(Actor actor, ComposeProject project, ComposeRunContext context, IEnumerable<AdmissionRequest> admitted, PlanOptions options, CancellationToken ct)
    {
        var specs = admitted.OfType<ComposeServiceAdmission>().ToDictionary(a => a.Service, a => a.Spec, StringComparer.Ordinal);
        var present = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs.Values)
        {
            if (await images.FindVisibleAsync(actor, spec.Image, ct).ConfigureAwait(false) is { } image)
            {
                present[spec.Image] = image.ID;
            }
        }

        var externalNetworks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var network in project.Networks.Values.Where(n => n.External))
        {
            var resolved = await networkAccess.ResolveAsync(actor, network.Name, NetworkUse.Attach, ct).ConfigureAwait(false);
            if (!resolved.BuiltIn)
            {
                externalNetworks[network.Name] = resolved.Id;
            }
        }

        foreach (var volume in project.Volumes.Values.Where(v => v.External))
        {
            await volumeAccess.ResolveAsync(actor, volume.Name, write: true, ct).ConfigureAwait(false);
        }

        var admittedSpecs = specs;
        var needs = ImagesToAcquire(project, present);
        var prepared = await PlanAsync(project, new StackPreparation(new ComposePlan(project.Name, []), present, context, admittedSpecs, needs, externalNetworks), options, ct).ConfigureAwait(false);
        await EnsureNamesFreeAsync(prepared.Plan, ct).ConfigureAwait(false);
        return prepared;
    }

    /// <summary>After pulls and builds: the same preparation with the images' current ids, nothing left to fetch.</summary>
    internal async Task<StackPreparation> ReplanAsync(ComposeProject project, StackPreparation prepared, PlanOptions options, CancellationToken ct)
    {
        var imageIds = await UsableImageIdsAsync(prepared.Context.Actor, project, ct).ConfigureAwait(false);
        return await PlanAsync(project, prepared with { ImageIds = imageIds, Images = ImageNeeds.None }, options, ct).ConfigureAwait(false);
    }

    private async Task<StackPreparation> PlanAsync(ComposeProject project, StackPreparation prepared, PlanOptions options, CancellationToken ct)
    {
        var observed = await ComposeObserver.ObserveAsync(engines.Current.Client, project.Name, ct).ConfigureAwait(false);
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
                PlanObject.Network => await NetworkCreation.IsTakenAsync(engines.Current.Client, step.Name, ct).ConfigureAwait(false),
                PlanObject.Volume => await volumeAccess.FindAsync(step.Name, ct).ConfigureAwait(false) is not null,
                _ => false,
            };
            if (taken)
            {
                throw OperationFailedException.NameTaken(step.Object == PlanObject.Network ? "network" : "volume", step.Name);
            }
        }
    }

    /// <summary>
    /// The images <c>up</c> must fetch, as each service's <c>pull_policy</c> says: <c>always</c> pulls,
    /// <c>missing</c> (the default) pulls what the engine lacks, <c>never</c> refuses a missing image, <c>build</c>
    /// builds; a service with <c>build:</c> whose image is missing is built from the stack's files. Fetches nothing.
    /// </summary>
    private static ImageNeeds ImagesToAcquire(ComposeProject project, IReadOnlyDictionary<string, string> present)
    {
        var problems = new List<string>();
        var pulls = new Dictionary<string, string>(StringComparer.Ordinal);
        var builds = new List<ComposeService>();
        foreach (var service in project.Services)
        {
            var image = ComposeSpecs.ImageOf(project.Name, service);
            var policy = ComposePullPolicies.Of(service);
            var missing = !present.ContainsKey(image);
            if (service.Build is not null && (policy == ComposePullPolicy.Build || (missing && policy != ComposePullPolicy.Always)))
            {
                builds.Add(service);
            }
            else if (policy == ComposePullPolicy.Build)
            {
                problems.Add($"Service '{service.Name}' has pull_policy build but no build section.");
            }
            else if (policy == ComposePullPolicy.Never && missing)
            {
                problems.Add($"Image '{image}' (service '{service.Name}') is not on this engine and its pull_policy is never; pull it first.");
            }
            else if (policy == ComposePullPolicy.Always || missing)
            {
                pulls.TryAdd(image, service.Name);
            }
        }

        if (problems.Count > 0)
        {
            throw OperationFailedException.Invalid(string.Join(' ', problems) + " Nothing was deployed.");
        }

        return new ImageNeeds(pulls, builds);
    }

    /// <summary>
    /// After pulls and builds, each service's image id looked up again as admission does; an image still missing
    /// (or one the actor may not use, such as a pull that brought another team's private image) refuses the
    /// deploy before anything is created, so no later step can reach it by its reference.
    /// </summary>
    private async Task<Dictionary<string, string>> UsableImageIdsAsync(Actor actor, ComposeProject project, CancellationToken ct)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var service in project.Services)
        {
            var image = ComposeSpecs.ImageOf(project.Name, service);
            if (ids.ContainsKey(image))
            {
                continue;
            }

            if ((await images.FindVisibleAsync(actor, image, ct).ConfigureAwait(false))?.ID is { } id)
            {
                ids[image] = id;
            }
            else
            {
                problems.Add($"Image '{image}' (service '{service.Name}') is not on this engine; pull it first.");
            }
        }

        return problems.Count == 0 ? ids : throw OperationFailedException.Invalid(string.Join(' ', problems) + " Nothing was deployed.");
    }

    private static StackRefusalSubject ServiceKey(string service, string key) => new($"Service '{service}' (key '{key}')", $"services.{service}.{key}");
}
