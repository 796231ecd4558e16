using Portal.Engine.Pipeline;

namespace Portal.Engine.Stats;

/// <summary>Live resource figures of containers and the host, limited to what the actor may see.</summary>
/// <remarks>Another team's container is "not found", exactly like a missing one; it never appears in a list or a stream.</remarks>
public interface IStatsOperations
{
    /// <summary>One fresh sample of a running container (conflict when it is not running).</summary>
    Task<ContainerStats> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken);

    /// <summary>One fresh sample of every running container the actor may see.</summary>
    Task<IReadOnlyList<ContainerStats>> ListAsync(Actor actor, CancellationToken cancellationToken);

    /// <summary>The kept samples of a container, oldest first (up to 15 minutes at 1 s).</summary>
    Task<IReadOnlyList<StatsSample>> HistoryAsync(Actor actor, string idOrName, CancellationToken cancellationToken);

    /// <summary>
    /// Samples every second for one container (<paramref name="idOrName"/>) or for every visible
    /// running container (null), until <paramref name="cancellationToken"/> fires. Sampling runs
    /// while at least one watcher is enumerating.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<ContainerStats>> WatchAsync(Actor actor, string? idOrName, CancellationToken cancellationToken);

    /// <summary>CPUs, memory, disk of the data root, container counts and engine version.</summary>
    Task<HostOverview> GetHostAsync(Actor actor, CancellationToken cancellationToken);
}
