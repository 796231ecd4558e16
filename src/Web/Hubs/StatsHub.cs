using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Portal.Engine.Containers;
using Portal.Engine.Pipeline;
using Portal.Engine.Stats;
using Portal.Web.Security;

namespace Portal.Web.Hubs;

/// <summary>
/// <c>/hubs/stats</c>: server-to-client streams of live samples, once a second.
/// <c>Container(idOrName)</c> streams one container's samples; <c>All()</c> streams arrays with every
/// running container the caller may see. Access is the Engine's; another team's container is not found.
/// <c>ContainerIn</c> and <c>AllIn</c> take the environment first; the others are on the local environment.
/// </summary>
public sealed class StatsHub(IStatsOperations stats, HubEnvironment environments, StreamAccessGuard guard, IContainerOperations containers) : Hub
{
    /// <summary>Samples of one container; the stream ends with an error when it is not found.</summary>
    [AllowReadOnly]
    public IAsyncEnumerable<ContainerStats> Container(string idOrName, CancellationToken cancellationToken) =>
        ContainerIn(null, idOrName, cancellationToken);

    /// <summary>Samples of one container on <paramref name="environment"/> (null: local).</summary>
    [AllowReadOnly]
    public async IAsyncEnumerable<ContainerStats> ContainerIn(string? environment, string idOrName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var opened = await environments.OpenAsync(Context.User, environment, cancellationToken);
        try
        {
            // Resolve first, so a hidden or missing container ends the stream with a readable error.
            using (opened.Enter())
            {
                await stats.HistoryAsync(opened.Actor, idOrName, cancellationToken);
            }
        }
        catch (OperationFailedException ex)
        {
            throw new HubException(ex.Message);
        }

        using var lease = guard.Watch(Context.User, environment, (actor, ct) => HubStreams.SeesAsync(containers, actor, [idOrName], ct), HubStreams.ContainerWithdrawn, cancellationToken);
        await foreach (var batch in HubStreams.Guard(opened.Within(() => stats.WatchAsync(opened.Actor, idOrName, lease.Token), lease.Token), lease, lease.Token))
        {
            foreach (var sample in batch)
            {
                yield return sample;
            }
        }
    }

    /// <summary>One array per second with every visible running container's sample.</summary>
    [AllowReadOnly]
    public IAsyncEnumerable<IReadOnlyList<ContainerStats>> All(CancellationToken cancellationToken) => AllIn(null, cancellationToken);

    /// <summary>Like <see cref="All"/>, on <paramref name="environment"/> (null: local).</summary>
    [AllowReadOnly]
    public async IAsyncEnumerable<IReadOnlyList<ContainerStats>> AllIn(string? environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var opened = await environments.OpenAsync(Context.User, environment, cancellationToken);
        // The list is filtered by the teams the caller had when it began: losing one ends it.
        using var lease = guard.WatchTeams(Context.User, environment, opened.Actor, "Your access to some of these containers was withdrawn; the stream has ended.", cancellationToken);
        await foreach (var batch in HubStreams.Guard(opened.Within(() => stats.WatchAsync(opened.Actor, null, lease.Token), lease.Token), lease, lease.Token))
        {
            yield return batch;
        }
    }
}
