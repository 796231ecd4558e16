using Docker.DotNet.Models;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Compose.Stacks;

/// <summary>A stack's containers as a whole: start, stop, restart, scale, rm and down, each a declared operation through the resource layer.</summary>
public sealed class StackLifecycle(StackAccess access, StackDeployment deployment, StackQuota quota, Engines engines, OperationRunner runner, EngineResources resources, TimeProvider time)
{
    /// <summary>Actions that stop or remove a project's containers, with the verb a refusal names.</summary>
    private static readonly Dictionary<string, string> s_stopping = new(StringComparer.Ordinal)
    {
        ["stop"] = "stop",
        ["restart"] = "restart",
        ["down"] = "remove",
        ["rm"] = "remove",
        ["scale"] = "stop",
    };

    /// <summary>Like <c>docker compose down [--volumes]</c>: removes the project's containers and networks (and its volumes when asked).</summary>
    public Task<StackActionResult> DownAsync(Actor actor, string name, bool removeVolumes, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        OnProjectAsync(actor, name, "down", progress, async (op, containers, ct) =>
        {
            var filter = ComposeObserver.ProjectFilter(name);
            var client = engines.Current.Client;
            var networks = await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct).ConfigureAwait(false);
            var volumes = removeVolumes ? (await client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct).ConfigureAwait(false)).Volumes ?? [] : [];

            // Everything the down removes is checked before anything is: Portal's own network or data stops it whole.
            foreach (var network in networks)
            {
                await resources.Networks.EnsureMayRemoveAsync(network.ID, ct).ConfigureAwait(false);
            }

            foreach (var volume in volumes)
            {
                await resources.Volumes.EnsureMayRemoveAsync(volume.Name, ct).ConfigureAwait(false);
            }

            await ChangeAllAsync(op, containers, ContainerChange.Remove(force: true, removeVolumes: false, actor.UserName, stopFirst: 10), progress, "removed", ct).ConfigureAwait(false);
            foreach (var network in networks)
            {
                await resources.Networks.RemoveAsync(op, network.ID, ct).ConfigureAwait(false);
                Report(progress, $"network:{network.Name}", null, "removed", $"network {network.Name} removed");
            }

            foreach (var volume in volumes)
            {
                await resources.Volumes.RemoveAsync(op, volume.Name, false, ct).ConfigureAwait(false);
                Report(progress, $"volume:{volume.Name}", null, "removed", $"volume {volume.Name} removed");
            }

            return $"removed {containers.Count} container(s), {networks.Count} network(s){(removeVolumes ? $", {volumes.Count} volume(s)" : "")}";
        }, cancellationToken);

    /// <summary>Like <c>docker compose rm -f [-s]</c>: removes the project's stopped containers; with <paramref name="stop"/> the running ones are stopped and removed too.</summary>
    public Task<StackActionResult> RemoveContainersAsync(Actor actor, string name, bool stop, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        OnProjectAsync(actor, name, "rm", progress, async (op, containers, ct) =>
        {
            var removing = stop ? containers : [.. containers.Where(c => c.State is not ("running" or "restarting" or "paused"))];
            var change = ContainerChange.Remove(force: stop, removeVolumes: false, actor.UserName, stopFirst: stop ? 10 : null);
            await ChangeAllAsync(op, removing, change, progress, "removed", ct).ConfigureAwait(false);
            return $"removed {removing.Count} container(s)";
        }, cancellationToken);

    /// <summary>Like <c>docker compose start</c>; refused, starting nothing, when the stopped containers' limits would take the team over its quota.</summary>
    public Task<StackActionResult> StartAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        OnProjectAsync(actor, name, "start", progress, async (op, containers, ct) =>
        {
            // Dependencies first: services in the order their depends_on labels give.
            foreach (var group in StartOrder(containers))
            {
                await ChangeAllAsync(op, group, ContainerChange.Start, progress, "started", ct).ConfigureAwait(false);
            }

            return $"started {containers.Count} container(s)";
        }, cancellationToken, startsContainers: true);

    /// <summary>Like <c>docker compose stop</c>.</summary>
    public Task<StackActionResult> StopAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        OnProjectAsync(actor, name, "stop", progress, async (op, containers, ct) =>
        {
            await ChangeAllAsync(op, containers, ContainerChange.Stop(10), progress, "stopped", ct).ConfigureAwait(false);
            return $"stopped {containers.Count} container(s)";
        }, cancellationToken);

    /// <summary>Like <c>docker compose restart</c>; restarting a stopped container starts it, so the quota is checked as for start.</summary>
    public Task<StackActionResult> RestartAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        OnProjectAsync(actor, name, "restart", progress, async (op, containers, ct) =>
        {
            await ChangeAllAsync(op, containers, ContainerChange.Restart(10), progress, "restarted", ct).ConfigureAwait(false);
            return $"restarted {containers.Count} container(s)";
        }, cancellationToken, startsContainers: true);

    /// <summary>Like <c>docker compose up -d --scale service=n</c>; refused as a whole, like stop, when the project holds Portal's own container.</summary>
    public async Task<StackActionResult> ScaleAsync(Actor actor, string name, string service, int replicas, IProgress<ComposeEvent> progress, CancellationToken cancellationToken)
    {
        if (replicas is < 0 or > 100)
        {
            throw OperationFailedException.Invalid("Replicas must be between 0 and 100.");
        }

        await EnsureCanChangeAsync(actor, name, "scale", cancellationToken).ConfigureAwait(false);
        return await deployment.UpAsync(actor, name, new ComposeUpOptions { Plan = new PlanOptions { Scale = new Dictionary<string, int> { [service] = replicas } } }, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Throws unless the actor may run <paramref name="action"/> on the stack now: not found / forbidden as
    /// <see cref="StackAccess.EnsureCanChangeAsync(Actor, string, CancellationToken)"/>, and 409 naming the rule, audited, when
    /// the action stops or removes containers and the project holds Portal's own container. Callers that hand the
    /// work to a job check this first, so the refusal is the answer rather than a failed job. Returns the stack's
    /// team (null for a project made outside Portal), which such a job carries.
    /// </summary>
    public async Task<string?> EnsureCanChangeAsync(Actor actor, string name, string action, CancellationToken cancellationToken)
    {
        var (stack, _) = await access.ResolveAsync(actor, name, cancellationToken).ConfigureAwait(false);
        StackAccess.Require(actor, stack, operate: true);
        if (!s_stopping.TryGetValue(action, out var verb))
        {
            return stack?.Team;
        }

        var containers = await ProjectAsync(name, cancellationToken).ConfigureAwait(false);
        try
        {
            await resources.Containers.EnsureNotSelfAsync([.. containers.Select(c => c.ID)], verb, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationFailedException ex) when (ex.Rule == SelfProtection.Rule)
        {
            // Refused before any job starts: audited as the action itself would have been.
            await runner.RunAsync(actor, $"stack.{action}", name, (ctx, _) =>
            {
                ctx.Team = stack?.Team;
                return Task.FromException(ex);
            }, cancellationToken).ConfigureAwait(false);
        }

        return stack?.Team;
    }

    /// <summary>
    /// An action on a project's containers, declared: access resolves the stack for operating and lists the project's
    /// containers; an action that starts containers (start, restart) declares the quota effect of the stopped ones.
    /// </summary>
    private Task<StackActionResult> OnProjectAsync(Actor actor, string name, string action, IProgress<ComposeEvent> progress,
        Func<AdmittedOperation, IList<ContainerListResponse>, CancellationToken, Task<string>> body, CancellationToken cancellationToken, bool startsContainers = false)
    {
        IList<ContainerListResponse> containers = [];
        var declaration = new OperationDeclaration($"stack.{action}", TargetKind.Stack, name)
        {
            Access = async (who, ct) =>
            {
                var (stack, _) = await access.ResolveAsync(who, name, ct).ConfigureAwait(false);
                StackAccess.Require(who, stack, operate: true);
                containers = await ProjectAsync(name, ct).ConfigureAwait(false);
                return new OperationTarget(name, stack?.Team);
            },
            Quota = startsContainers ? async (target, _, ct) => target.Team is null ? null : await quota.StartDemandAsync(containers, ct).ConfigureAwait(false) : null,
            QuotaRefused = StackQuota.NothingStarted(name),
        };
        return runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var report = await body(op, containers, ct).ConfigureAwait(false);
            op.Context.Detail = report;
            Report(progress, "project", null, "done", report);
            return new StackActionResult(name, action, null, report);
        }, cancellationToken);
    }

    /// <summary>The project's containers as the engine has them now.</summary>
    private Task<IList<ContainerListResponse>> ProjectAsync(string name, CancellationToken ct) =>
        engines.Current.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = ComposeObserver.ProjectFilter(name) }, ct);

    /// <summary>One change for every container through the resource layer (which checks the whole set first), reporting each.</summary>
    private async Task ChangeAllAsync(AdmittedOperation op, IList<ContainerListResponse> containers, ContainerChange change, IProgress<ComposeEvent> progress, string status, CancellationToken ct)
    {
        var byId = containers.ToDictionary(c => c.ID, StringComparer.Ordinal);
        await resources.Containers.ChangeAllAsync(op, [.. byId.Keys], change, id =>
        {
            var c = byId[id];
            var service = Label(c, ComposeLabels.Service);
            Report(progress, $"container:{c.Names.FirstOrDefault()?.TrimStart('/')}", service, status, $"{c.Names.FirstOrDefault()?.TrimStart('/')} {status}");
            return Task.CompletedTask;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Containers grouped so each group's services depend only on earlier groups (by the depends_on label).</summary>
    private static List<List<ContainerListResponse>> StartOrder(IList<ContainerListResponse> containers)
    {
        var byService = containers.GroupBy(c => Label(c, ComposeLabels.Service) ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var dependsOn = byService.ToDictionary(s => s.Key, s => (Label(s.Value[0], ComposeLabels.DependsOn) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => d.Split(':')[0]).Where(byService.ContainsKey).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<List<ContainerListResponse>>();
        while (done.Count < byService.Count)
        {
            var ready = byService.Keys.Where(s => !done.Contains(s) && dependsOn[s].All(done.Contains)).ToList();
            if (ready.Count == 0)
            {
                ready = [.. byService.Keys.Where(s => !done.Contains(s))]; // a cycle in foreign labels: start the rest together
            }

            groups.Add([.. ready.SelectMany(s => byService[s])]);
            done.UnionWith(ready);
        }

        return groups;
    }

    private static string? Label(ContainerListResponse c, string key) => c.Labels is not null && c.Labels.TryGetValue(key, out var v) ? v : null;

    private void Report(IProgress<ComposeEvent> progress, string resource, string? service, string status, string message) =>
        progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, resource, service, status, message));
}
