using Portal.Engine.Docker;
using Portal.Engine.Stats;

namespace Portal.Engine.Overview;

/// <summary>
/// The Host page's live figures for one environment: engine-wide use over the last 15 minutes (host facts: every
/// container counts, whoever owns it) and the busiest containers, which name only what the viewer may see.
/// </summary>
/// <param name="Usage">Summed CPU and memory of every running container, one point per sampler pass, oldest first.</param>
/// <param name="Disk">Disk taken by images, containers, volumes and build cache, one point per background measurement.</param>
/// <param name="TopCpu">The viewer's visible running containers using the most CPU, busiest first.</param>
/// <param name="TopMemory">The viewer's visible running containers using the most memory, largest first.</param>
/// <param name="TopScopedToTeams">True when the top lists cover the viewer's teams only.</param>
public sealed record HostUsage(
    IReadOnlyList<EngineUsagePoint> Usage,
    IReadOnlyList<DiskUsagePoint> Disk,
    IReadOnlyList<ContainerStats> TopCpu,
    IReadOnlyList<ContainerStats> TopMemory,
    bool TopScopedToTeams)
{
    /// <summary>How many containers each top list names.</summary>
    public const int TopCount = 5;

    /// <summary>The <paramref name="count"/> containers with the highest <paramref name="figure"/>, highest first; ties by name (pure).</summary>
    public static IReadOnlyList<ContainerStats> Top(IEnumerable<ContainerStats> visible, Func<StatsSample, double> figure, int count = TopCount)
    {
        ArgumentNullException.ThrowIfNull(visible);
        ArgumentNullException.ThrowIfNull(figure);
        return [.. visible.OrderByDescending(c => figure(c.Sample)).ThenBy(c => c.Name, StringComparer.Ordinal).Take(count)];
    }
}
