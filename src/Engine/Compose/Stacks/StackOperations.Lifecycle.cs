using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Model;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Compose.Stacks;

public sealed partial class StackOperations
{
    /// <summary>Like <c>docker compose down [--volumes]</c>: removes the project's containers and networks (and its volumes when asked).</summary>
    public Task<StackActionResult> DownAsync(Actor actor, string name, bool removeVolumes, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        OnProjectAsync(actor, name, "down", progress, async (client, containers, team, ct) =>
        {
            await ForEachAsync(containers, progress, "removed", async c =>
            {
                await client.Containers.StopContainerAsync(c.ID, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, ct).ConfigureAwait(false);
                await client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true }, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            var filter = ComposeObserver.ProjectFilter(name);
            var networks = await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct).ConfigureAwait(false);
            foreach (var network in networks)
            {
                await client.Networks.DeleteNetworkAsync(network.ID, ct).ConfigureAwait(false);
                Report(progress, $"network:{network.Name}", null, "removed", $"network {network.Name} removed");
            }

            var removedVolumes = 0;
            if (removeVolumes)
            {
                var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct).ConfigureAwait(false);
                foreach (var volume in volumes.Volumes ?? [])
                {
                    await client.Volumes.RemoveAsync(volume.Name, false, ct).ConfigureAwait(false);
                    Report(progress, $"volume:{volume.Name}", null, "removed", $"volume {volume.Name} removed");
                    removedVolumes++;
                }
            }

            return $"removed {containers.Count} container(s), {networks.Count} network(s){(removeVolumes ? $", {removedVolumes} volume(s)" : "")}";
        }, cancellationToken);

    /// <summary>Like <c>docker compose start</c>; refused, starting nothing, when the stopped containers' limits would take the team over its quota.</summary>
    public Task<StackActionResult> StartAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        OnProjectAsync(actor, name, "start", progress, async (client, containers, team, ct) =>
        {
            using var quotaLock = await quota.EnterAsync(team, ct).ConfigureAwait(false);
            await CheckStartQuotaAsync(name, team, containers, ct).ConfigureAwait(false);
            // Dependencies first: services in the order their depends_on labels give.
            foreach (var group in StartOrder(containers))
            {
                await ForEachAsync(group, progress, "started", c => client.Containers.StartContainerAsync(c.ID, new ContainerStartParameters(), ct)).ConfigureAwait(false);
            }

            return $"started {containers.Count} container(s)";
        }, cancellationToken);

    /// <summary>Like <c>docker compose stop</c>.</summary>
    public Task<StackActionResult> StopAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        OnProjectAsync(actor, name, "stop", progress, async (client, containers, team, ct) =>
        {
            await ForEachAsync(containers, progress, "stopped", c => client.Containers.StopContainerAsync(c.ID, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, ct)).ConfigureAwait(false);
            return $"stopped {containers.Count} container(s)";
        }, cancellationToken);

    /// <summary>Like <c>docker compose restart</c>; restarting a stopped container starts it, so the quota is checked as for start.</summary>
    public Task<StackActionResult> RestartAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        OnProjectAsync(actor, name, "restart", progress, async (client, containers, team, ct) =>
        {
            using var quotaLock = await quota.EnterAsync(team, ct).ConfigureAwait(false);
            await CheckStartQuotaAsync(name, team, containers, ct).ConfigureAwait(false);
            await ForEachAsync(containers, progress, "restarted", c => client.Containers.RestartContainerAsync(c.ID, new ContainerRestartParameters { WaitBeforeKillSeconds = 10 }, ct)).ConfigureAwait(false);
            return $"restarted {containers.Count} container(s)";
        }, cancellationToken);

    private Task<StackActionResult> OnProjectAsync(Actor actor, string name, string action, IProgress<ComposeEvent> progress,
        Func<IDockerClient, IList<ContainerListResponse>, string?, CancellationToken, Task<string>> body, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, $"stack.{action}", name, async (ctx, ct) =>
        {
            var (stack, _) = await ResolveAsync(actor, name, ct).ConfigureAwait(false);
            Require(actor, stack, operate: true);
            ctx.Team = stack?.Team;
            var client = connection.Client;
            var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = ComposeObserver.ProjectFilter(name) }, ct).ConfigureAwait(false);
            var report = await body(client, containers, stack?.Team, ct).ConfigureAwait(false);
            ctx.Detail = report;
            Report(progress, "project", null, "done", report);
            return new StackActionResult(name, action, null, report);
        }, cancellationToken);

    private async Task ForEachAsync(IEnumerable<ContainerListResponse> containers, IProgress<ComposeEvent> progress, string status, Func<ContainerListResponse, Task> action) =>
        await Task.WhenAll(containers.Select(async c =>
        {
            await action(c).ConfigureAwait(false);
            var service = Label(c, ComposeLabels.Service);
            Report(progress, $"container:{c.Names.FirstOrDefault()?.TrimStart('/')}", service, status, $"{c.Names.FirstOrDefault()?.TrimStart('/')} {status}");
        })).ConfigureAwait(false);

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
