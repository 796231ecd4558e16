using System.Runtime.CompilerServices;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Stats;

/// <summary>
/// Stats through the access step: a single container is resolved with <see cref="ContainerAccess"/>
/// (another team's is not found); lists and streams keep only containers of the actor's teams,
/// as the catalog records them. Reading figures changes nothing, so nothing is audited.
/// </summary>
public sealed class StatsOperations(
    StatsSamplers samplers,
    ContainerAccess access,
    CatalogStore catalog,
    Engines engines,
    CatalogNotifier notifier) : IStatsOperations
{
    public async Task<ContainerStats> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken)
    {
        var c = await access.ResolveAsync(actor, idOrName, write: false, cancellationToken).ConfigureAwait(false);
        await EnsureRunningAsync(c, cancellationToken).ConfigureAwait(false);
        var sampler = samplers.Current;
        if (!sampler.Latest.Containers.Any(s => s.Id == c.Id))
        {
            // Started after the last pass listed the running set.
            sampler.Rediscover();
        }

        var pass = await sampler.GetFreshAsync(c.Id, cancellationToken).ConfigureAwait(false);
        return pass.Containers.FirstOrDefault(s => s.Id == c.Id)
            ?? throw OperationFailedException.Conflict($"Container '{c.Name}' is not running.");
    }

    public async Task<IReadOnlyList<ContainerStats>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var pass = await samplers.Current.GetFreshAsync(null, cancellationToken).ConfigureAwait(false);
        var visible = await VisibleRunningAsync(actor, cancellationToken).ConfigureAwait(false);
        return Filter(pass, visible);
    }

    public async Task<IReadOnlyList<StatsSample>> HistoryAsync(Actor actor, string idOrName, CancellationToken cancellationToken)
    {
        var c = await access.ResolveAsync(actor, idOrName, write: false, cancellationToken).ConfigureAwait(false);
        return samplers.Current.History(c.Id);
    }

    public async IAsyncEnumerable<IReadOnlyList<ContainerStats>> WatchAsync(Actor actor, string? idOrName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? id = null;
        if (idOrName is not null)
        {
            id = (await access.ResolveAsync(actor, idOrName, write: false, cancellationToken).ConfigureAwait(false)).Id;
        }

        // Team ownership changes arrive as catalog changes of this environment; the visible set is re-read after each.
        var sampler = samplers.Current;
        var environmentId = sampler.Engine.Id;
        var stale = new StaleFlag();
        void OnChanged(CatalogChange change)
        {
            if (change.Kind == CatalogKind.Containers && change.EnvironmentId == environmentId)
            {
                stale.Set();
            }
        }

        notifier.Changed += OnChanged;
        using var subscription = sampler.Subscribe();
        try
        {
            HashSet<string>? visible = null;
            await foreach (var pass in subscription.Passes.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (id is not null)
                {
                    var mine = pass.Containers.Where(s => s.Id == id).ToList();
                    if (mine.Count > 0)
                    {
                        yield return mine;
                    }

                    continue;
                }

                if (stale.TakeIfSet())
                {
                    visible = await VisibleRunningAsync(actor, cancellationToken).ConfigureAwait(false);
                }

                yield return Filter(pass, visible);
            }
        }
        finally
        {
            notifier.Changed -= OnChanged;
        }
    }

    public async Task<HostOverview> GetHostAsync(Actor actor, CancellationToken cancellationToken)
    {
        var info = await engines.Current.Client.System.GetSystemInfoAsync(cancellationToken).ConfigureAwait(false);
        var local = samplers.SharesHost(engines.Current);
        int cpus = (int)info.NCPU;
        ulong memoryTotal = (ulong)Math.Max(0, info.MemTotal);
        ulong? available = null;
        (ulong Total, ulong Free)? disk = null;
        if (local)
        {
            var proc = new HostProc("/proc");
            if (proc.ReadSystemCpu() is { OnlineCpus: > 0 } system)
            {
                cpus = system.OnlineCpus;
            }

            var (total, free) = proc.ReadMemory();
            if (total > 0)
            {
                (memoryTotal, available) = (total, free);
            }

            disk = DiskSpace.Query(info.DockerRootDir);
        }

        int running = (int)info.ContainersRunning, stopped = (int)info.ContainersStopped, paused = (int)info.ContainersPaused;
        if (!actor.IsAdmin)
        {
            // A count of other teams' containers would tell a non-admin they exist.
            var teams = actor.Teams.Keys.ToList();
            var all = await CountAsync(new ContainerQuery { Teams = teams, All = true, Take = 0 }, cancellationToken).ConfigureAwait(false);
            running = await CountAsync(new ContainerQuery { Teams = teams, All = true, State = "running", Take = 0 }, cancellationToken).ConfigureAwait(false);
            paused = await CountAsync(new ContainerQuery { Teams = teams, All = true, State = "paused", Take = 0 }, cancellationToken).ConfigureAwait(false);
            stopped = all - running - paused;
        }

        var sampler = samplers.Current;
        var source = sampler.ReadsCgroups ? $"cgroup {(sampler.CgroupVersion == CgroupVersion.V2 ? "v2" : "v1")}" : "engine API";
        return new HostOverview(cpus, memoryTotal, available, info.DockerRootDir ?? "", disk?.Total, disk?.Free, running, stopped, paused,
            info.ServerVersion ?? "", engines.Current.Status.ApiVersion ?? "", info.OperatingSystem ?? "", info.KernelVersion ?? "", !actor.IsAdmin, source);
    }

    private async Task<int> CountAsync(ContainerQuery query, CancellationToken cancellationToken) =>
        (await catalog.QueryContainersAsync(engines.Current.Id, query, cancellationToken).ConfigureAwait(false)).Total;

    private async Task EnsureRunningAsync(ResolvedContainer c, CancellationToken cancellationToken)
    {
        try
        {
            var inspect = await engines.Current.Client.Containers.InspectContainerAsync(c.Id, cancellationToken).ConfigureAwait(false);
            if (inspect.State?.Running != true)
            {
                throw OperationFailedException.Conflict($"Container '{c.Name}' is not running.");
            }
        }
        catch (Exception ex) when (DockerErrorTranslator.Translate(ex, engines.Current.Endpoint) is { } failure && !ReferenceEquals(failure, ex))
        {
            throw failure.Outcome == OperationOutcome.NotFound ? OperationFailedException.NotFound("container", c.Name) : failure;
        }
    }

    /// <summary>Ids of the running containers the actor may see; null for admins (everything).</summary>
    private async Task<HashSet<string>?> VisibleRunningAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.IsAdmin)
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var teams = actor.Teams.Keys.ToList();
        for (var skip = 0; ; skip += CatalogStore.MaxPageSize)
        {
            var page = await catalog.QueryContainersAsync(engines.Current.Id, new ContainerQuery
            {
                Teams = teams,
                All = false,
                Skip = skip,
                Take = CatalogStore.MaxPageSize,
            }, cancellationToken).ConfigureAwait(false);
            ids.UnionWith(page.Items.Select(c => c.ContainerId));
            if (page.Items.Count < CatalogStore.MaxPageSize)
            {
                return ids;
            }
        }
    }

    private static List<ContainerStats> Filter(StatsPass pass, HashSet<string>? visible) =>
        visible is null ? [.. pass.Containers] : pass.Containers.Where(s => visible.Contains(s.Id)).ToList();

    private sealed class StaleFlag
    {
        private int _value = 1;

        public void Set() => Volatile.Write(ref _value, 1);

        public bool TakeIfSet() => Interlocked.Exchange(ref _value, 0) == 1;
    }
}
