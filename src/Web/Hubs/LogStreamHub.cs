using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Portal.Engine.Containers;
using Portal.Engine.Logs;
using Portal.Web.Security;

namespace Portal.Web.Hubs;

/// <summary>
/// <c>/hubs/logs</c>: live container logs for API clients, fed by the same shared follow-streams
/// as the pages. Access is the Engine's: another team's container fails as not found.
/// </summary>
/// <remarks>
/// <c>Follow(container, tail)</c> streams <see cref="LogBatch"/>es (first the recent lines, then the
/// live tail); <c>FollowMerged(containers, tail)</c> streams <see cref="MergedLogBatch"/>es of
/// several containers interleaved by timestamp. <c>FollowIn</c> and <c>FollowMergedIn</c> take the
/// environment first (SignalR has no optional arguments); the others are on the local environment.
/// </remarks>
public sealed class LogStreamHub(ILogOperations logs, HubEnvironment environments, StreamAccessGuard guard, IContainerOperations containerOperations) : Hub
{
    /// <summary>Most recent lines a stream starts with.</summary>
    public const int MaxTail = 1_000;

    [AllowReadOnly]
    public IAsyncEnumerable<LogBatch> Follow(string container, int tail, CancellationToken cancellationToken) =>
        FollowIn(null, container, tail, cancellationToken);

    [AllowReadOnly]
    public async IAsyncEnumerable<LogBatch> FollowIn(string? environment, string container, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var opened = await environments.OpenAsync(Context.User, environment, cancellationToken);
        using var lease = guard.Watch(Context.User, environment, (actor, ct) => HubStreams.SeesAsync(containerOperations, actor, [container], ct), HubStreams.ContainerWithdrawn, cancellationToken);
        await foreach (var batch in HubStreams.Guard(opened.Within(() => logs.WatchAsync(opened.Actor, container, Math.Clamp(tail, 0, MaxTail), lease.Token), lease.Token), lease, lease.Token))
        {
            yield return batch;
        }
    }

    [AllowReadOnly]
    public IAsyncEnumerable<MergedLogBatch> FollowMerged(string[] containers, int tail, CancellationToken cancellationToken) =>
        FollowMergedIn(null, containers, tail, cancellationToken);

    [AllowReadOnly]
    public async IAsyncEnumerable<MergedLogBatch> FollowMergedIn(string? environment, string[] containers, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var opened = await environments.OpenAsync(Context.User, environment, cancellationToken);
        using var lease = guard.Watch(Context.User, environment, (actor, ct) => HubStreams.SeesAsync(containerOperations, actor, containers, ct), HubStreams.ContainerWithdrawn, cancellationToken);
        await foreach (var batch in HubStreams.Guard(opened.Within(() => logs.WatchMergedAsync(opened.Actor, containers, Math.Clamp(tail, 0, MaxTail), lease.Token), lease.Token), lease, lease.Token))
        {
            yield return batch;
        }
    }
}
