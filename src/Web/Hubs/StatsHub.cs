using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Portal.Engine.Pipeline;
using Portal.Engine.Stats;
using Portal.Web.Security;

namespace Portal.Web.Hubs;

/// <summary>
/// <c>/hubs/stats</c>: server-to-client streams of live samples, once a second.
/// <c>Container(idOrName)</c> streams one container's samples; <c>All()</c> streams arrays with every
/// running container the caller may see. Access is the Engine's; another team's container is not found.
/// </summary>
public sealed class StatsHub(IStatsOperations stats, ActorFactory actors) : Hub
{
    /// <summary>Samples of one container; the stream ends with an error when it is not found.</summary>
    public async IAsyncEnumerable<ContainerStats> Container(string idOrName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await GetActorAsync(cancellationToken);
        try
        {
            // Resolve first, so a hidden or missing container ends the stream with a readable error.
            await stats.HistoryAsync(actor, idOrName, cancellationToken);
        }
        catch (OperationFailedException ex)
        {
            throw new HubException(ex.Message);
        }

        await foreach (var batch in stats.WatchAsync(actor, idOrName, cancellationToken))
        {
            foreach (var sample in batch)
            {
                yield return sample;
            }
        }
    }

    /// <summary>One array per second with every visible running container's sample.</summary>
    public async IAsyncEnumerable<IReadOnlyList<ContainerStats>> All([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await GetActorAsync(cancellationToken);
        await foreach (var batch in stats.WatchAsync(actor, null, cancellationToken))
        {
            yield return batch;
        }
    }

    private async Task<Actor> GetActorAsync(CancellationToken cancellationToken)
    {
        var user = Context.User ?? throw new HubException("Sign in first.");
        return await actors.FromPrincipalAsync(user, cancellationToken) ?? throw new HubException("Your account is no longer valid; sign in again.");
    }
}
