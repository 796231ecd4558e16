using Portal.Engine.Pipeline;

namespace Portal.Engine.Logs;

/// <summary>Reading and watching container logs for an actor (<c>docker logs</c>).</summary>
/// <remarks>
/// Every method resolves the container through the access step first: another team's container
/// fails exactly like a missing one (<see cref="OperationOutcome.NotFound"/>), before any line is read.
/// </remarks>
public interface ILogOperations
{
    /// <summary>Opens a read of a container's log straight from the engine (<c>docker logs [--tail] [--since] [--until] [-f]</c>).</summary>
    /// <remarks>The caller disposes the session; a follow read ends when the container stops or the token passed to the read is cancelled.</remarks>
    /// <exception cref="OperationFailedException">Not found (or not visible), or the engine failed.</exception>
    Task<LogReadSession> OpenAsync(Actor actor, string idOrName, LogQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Watches a container through the shared follow-stream (<c>docker logs -f --tail N</c>): the first
    /// batch holds up to <paramref name="tail"/> recent lines, later batches the live tail, across restarts.
    /// </summary>
    /// <exception cref="OperationFailedException">Not found (or not visible).</exception>
    IAsyncEnumerable<LogBatch> WatchAsync(Actor actor, string idOrName, int tail, CancellationToken cancellationToken);

    /// <summary>Watches several containers as one view interleaved by timestamp, each line marked with its container.</summary>
    /// <exception cref="OperationFailedException">One of them is not found (or not visible), or none was named.</exception>
    IAsyncEnumerable<MergedLogBatch> WatchMergedAsync(Actor actor, IReadOnlyList<string> idsOrNames, int tail, CancellationToken cancellationToken);

    /// <summary>How many containers are watched and how many engine follow-streams were opened (administrators only).</summary>
    /// <exception cref="OperationFailedException">Forbidden for non-administrators.</exception>
    LogStreamStats GetStreamStats(Actor actor);
}
