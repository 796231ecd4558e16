using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Portal.Engine.Logs;
using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Hubs;

/// <summary>
/// <c>/hubs/logs</c>: live container logs for API clients, fed by the same shared follow-streams
/// as the pages. Access is the Engine's: another team's container fails as not found.
/// </summary>
/// <remarks>
/// <c>Follow(container, tail)</c> streams <see cref="LogBatch"/>es (first the recent lines, then the
/// live tail); <c>FollowMerged(containers, tail)</c> streams <see cref="MergedLogBatch"/>es of
/// several containers interleaved by timestamp.
/// </remarks>
public sealed class LogStreamHub(ILogOperations logs, ActorFactory actors) : Hub
{
    /// <summary>Most recent lines a stream starts with.</summary>
    public const int MaxTail = 1_000;

    public async IAsyncEnumerable<LogBatch> Follow(string container, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await GetActorAsync(cancellationToken);
        await foreach (var batch in Guard(logs.WatchAsync(actor, container, Math.Clamp(tail, 0, MaxTail), cancellationToken), cancellationToken))
        {
            yield return batch;
        }
    }

    public async IAsyncEnumerable<MergedLogBatch> FollowMerged(string[] containers, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await GetActorAsync(cancellationToken);
        await foreach (var batch in Guard(logs.WatchMergedAsync(actor, containers, Math.Clamp(tail, 0, MaxTail), cancellationToken), cancellationToken))
        {
            yield return batch;
        }
    }

    private async Task<Actor> GetActorAsync(CancellationToken cancellationToken) =>
        await actors.FromPrincipalAsync(Context.User!, cancellationToken) ?? throw new HubException("Your account is no longer valid; sign in again.");

    /// <summary>Engine refusals reach the client with their message (a HubException's is sent; others are hidden).</summary>
    private static async IAsyncEnumerable<T> Guard<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        await using (enumerator)
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (OperationFailedException ex)
                {
                    throw new HubException(ex.Message);
                }

                yield return enumerator.Current;
            }
        }
    }
}
