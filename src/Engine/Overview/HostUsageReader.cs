using System.Runtime.CompilerServices;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Stats;
using Portal.Engine.Events;

namespace Portal.Engine.Overview;

/// <summary>
/// Live <see cref="HostUsage"/> of the current environment. The series live in the Engine, one per environment (the
/// sampler's ring of engine-wide sums, <see cref="DiskUsageHistory"/>), so a page only reads them; the top lists come
/// from <see cref="IStatsOperations.WatchAsync"/>, which already keeps a non-admin to their teams' containers.
/// </summary>
public sealed class HostUsageReader(IStatsOperations stats, StatsSamplers samplers, Engines engines, DiskUsageHistory disk, VolumeSizeRefresher refresher)
{
    /// <summary>
    /// One <see cref="HostUsage"/> per sampler pass (about once a second) until <paramref name="cancellationToken"/> fires.
    /// While watched, the background disk measurement is asked for; it runs at most once per its throttle interval.
    /// </summary>
    public async IAsyncEnumerable<HostUsage> WatchAsync(Actor actor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var engine = engines.Current;
        var sampler = samplers.For(engine);
        await foreach (var visible in stats.WatchAsync(actor, null, cancellationToken).ConfigureAwait(false))
        {
            refresher.Request();
            yield return Compose(actor, sampler.EngineUsage(), disk.For(engine), visible);
        }
    }

    /// <summary>Puts the figures together (pure): the series as given, the top lists from <paramref name="visible"/> only.</summary>
    public static HostUsage Compose(Actor actor, IReadOnlyList<EngineUsagePoint> usage, IReadOnlyList<DiskUsagePoint> diskPoints, IReadOnlyList<ContainerStats> visible)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new HostUsage(usage, diskPoints,
            HostUsage.Top(visible, s => s.CpuPercent),
            HostUsage.Top(visible, s => s.MemoryUsed),
            !actor.IsAdmin);
    }
}
