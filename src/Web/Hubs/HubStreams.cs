using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Portal.Engine.Containers;
using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Hubs;

/// <summary>What the streaming hubs share: refusals as readable errors, and the end of a stream whose access was withdrawn.</summary>
internal static class HubStreams
{
    public const string ContainerWithdrawn = "Your access to this container was withdrawn; the stream has ended.";

    /// <summary>
    /// <paramref name="source"/>'s items; an Engine refusal reaches the client with its message (a HubException's is sent,
    /// others are hidden), and a lease withdrawn ends the stream with the lease's message.
    /// </summary>
    public static async IAsyncEnumerable<T> Guard<T>(IAsyncEnumerable<T> source, StreamLease? lease, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                        // Some sources end quietly when cancelled; a withdrawal must still say so.
                        if (lease is { Withdrawn: true })
                        {
                            throw new HubException(lease.Message);
                        }

                        yield break;
                    }
                }
                catch (OperationFailedException ex)
                {
                    throw new HubException(ex.Message);
                }
                catch (OperationCanceledException) when (lease is { Withdrawn: true })
                {
                    throw new HubException(lease.Message);
                }

                yield return enumerator.Current;
            }
        }
    }

    /// <summary>True when <paramref name="actor"/> still sees every one of <paramref name="containers"/> (a refusal propagates as no).</summary>
    public static async Task<bool> SeesAsync(IContainerOperations operations, Actor actor, IEnumerable<string> containers, CancellationToken cancellationToken)
    {
        foreach (var container in containers)
        {
            await operations.GetAsync(actor, container, cancellationToken);
        }

        return true;
    }
}
