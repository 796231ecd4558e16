using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Pipeline;
using Portal.Engine.Stats;

namespace Portal.Engine.Overview;

/// <summary>
/// Every environment a person may use at a glance (the home page): state, versions, container counts, host
/// facts, current use, free disk and the last event. Built from memory (status, facts, the samplers' last
/// passes, the event watcher's last event) and one grouped catalog query; never a call to an engine, so an
/// unreachable environment costs nothing here.
/// </summary>
public sealed class EnvironmentOverviews(
    Engines engines,
    CatalogStore catalog,
    EngineFactsKeeper facts,
    EngineActivity activity,
    StatsSamplers samplers,
    TimeProvider time)
{
    /// <summary>A sampler pass older than this is not "current use".</summary>
    public static readonly TimeSpan UsageFreshFor = TimeSpan.FromSeconds(10);

    /// <summary>One row per environment <paramref name="actor"/> may use (admins: all), the local one first.</summary>
    public async Task<IReadOnlyList<EnvironmentOverview>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var usable = engines.UsableBy(actor);
        var scopes = engines.ScopesFor(actor);
        var counts = await catalog.CountContainersAsync(scopes, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        var fresh = usable.Select(e => samplers.Existing(e)?.Latest).Where(p => p is not null && now - p.Time <= UsageFreshFor).ToList();
        // Only a non-admin's sums need to know which running containers are theirs; one query covers every environment.
        var visible = fresh.Count > 0 && !actor.IsAdmin ? await VisibleRunningAsync(scopes, cancellationToken).ConfigureAwait(false) : null;
        var rows = new List<EnvironmentOverview>(usable.Count);
        foreach (var engine in usable)
        {
            var status = engine.Status;
            var known = facts.For(engine);
            var (running, stopped) = counts.GetValueOrDefault(engine.Id);
            var (disk, note) = Disk(engine, known);
            rows.Add(new EnvironmentOverview(
                engine.Name,
                status.State,
                status.IsConnected ? null : status.Reason,
                status.Since,
                status.ServerVersion ?? known?.EngineVersion,
                status.ApiVersion ?? known?.ApiVersion,
                running,
                stopped,
                known,
                Usage(engine, visible, now),
                disk,
                note,
                activity.Last(engine.Id)));
        }

        return rows;
    }

    /// <summary>
    /// Keeps every environment the actor may use sampled while the result is held (a page showing current use):
    /// the samplers read only while someone subscribes, a remote engine through one stats request per container per second.
    /// </summary>
    public IDisposable WatchUsage(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new Subscriptions([.. engines.UsableBy(actor).Select(e => samplers.For(e).Subscribe())]);
    }

    private EnvironmentUsage? Usage(EnvironmentEngine engine, HashSet<(int, string)>? visible, DateTime now)
    {
        if (samplers.Existing(engine)?.Latest is not { } pass || now - pass.Time > UsageFreshFor)
        {
            return null;
        }

        var mine = visible is null ? pass.Containers : pass.Containers.Where(c => visible.Contains((engine.Id, c.Id))).ToList();
        return new EnvironmentUsage(mine.Sum(c => c.Sample.CpuPercent), (ulong)mine.Sum(c => (decimal)c.Sample.MemoryUsed), mine.Count, pass.Time);
    }

    private ((ulong Free, ulong Total)? Disk, string? Note) Disk(EnvironmentEngine engine, EngineFacts? known)
    {
        if (!samplers.SharesHost(engine))
        {
            return (null, "The engine runs on another host: Portal cannot see its disk.");
        }

        if (known is null || known.DataRoot.Length == 0)
        {
            return (null, "The engine's data root is not known yet (it has not answered since Portal started).");
        }

        // statvfs on this host's path: no engine call.
        return DiskSpace.Query(known.DataRoot) is { } d
            ? ((d.Free, d.Total), null)
            : (null, $"The data root {known.DataRoot} is not visible from Portal (Portal runs in a container without it).");
    }

    private async Task<HashSet<(int, string)>> VisibleRunningAsync(IReadOnlyList<EndpointScope> scopes, CancellationToken cancellationToken)
    {
        var ids = new HashSet<(int, string)>();
        for (var skip = 0; ; skip += CatalogStore.MaxPageSize)
        {
            var page = await catalog.QueryContainersAsync(scopes, new ContainerQuery { All = false, Skip = skip, Take = CatalogStore.MaxPageSize }, cancellationToken)
                .ConfigureAwait(false);
            ids.UnionWith(page.Items.Select(c => (c.EndpointId, c.ContainerId)));
            if (page.Items.Count < CatalogStore.MaxPageSize)
            {
                return ids;
            }
        }
    }

    private sealed class Subscriptions(IReadOnlyList<StatsSubscription> subscriptions) : IDisposable
    {
        public void Dispose()
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}
