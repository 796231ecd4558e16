using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Hubs;

/// <summary>
/// <c>/hubs/jobs</c>: pull, push and build jobs for API clients. <see cref="Watch"/> streams a
/// job's snapshots until it ends; finished jobs stay readable (the registry keeps the last 100).
/// A job is visible to its starter, members of its team and admins; to anyone else it does not exist.
/// </summary>
public sealed class JobsHub(IImageTransfers transfers, Portal.Engine.Compose.Stacks.StackJobRegistry stackJobs, ActorFactory actors) : Hub
{
    /// <summary>The caller's running and recent jobs, newest first.</summary>
    [AllowReadOnly]
    public async Task<IReadOnlyList<ImageJobSnapshot>> List()
    {
        var actor = await ActorAsync();
        return transfers.ListJobs(actor);
    }

    /// <summary>One job's state now.</summary>
    [AllowReadOnly]
    public async Task<ImageJobSnapshot> Get(string id)
    {
        var actor = await ActorAsync();
        return Translate(() => transfers.GetJob(actor, id));
    }

    /// <summary>The job's snapshot now and after each change (a slow client gets the latest, not a backlog), until it ends.</summary>
    [AllowReadOnly]
    public async IAsyncEnumerable<ImageJobSnapshot> Watch(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await ActorAsync();
        // Resolve first, so an unknown or hidden job fails the stream with "not found" before anything is sent.
        var stream = Translate(() =>
        {
            _ = transfers.GetJob(actor, id);
            return transfers.WatchAsync(actor, id, cancellationToken);
        });
        await foreach (var snapshot in stream.WithCancellation(cancellationToken))
        {
            yield return snapshot;
        }
    }

    /// <summary>A stack job (up, pull, build, …): its snapshot with the per-service events now and after each change, until it ends.</summary>
    [AllowReadOnly]
    public async IAsyncEnumerable<Portal.Engine.Compose.Stacks.StackJobSnapshot> WatchStack(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await ActorAsync();
        var job = stackJobs.Find(actor, id) ?? throw new HubException($"No job named '{id}' was found.");
        await foreach (var snapshot in Portal.Engine.Compose.Stacks.StackJobRegistry.WatchAsync(job, cancellationToken))
        {
            yield return snapshot;
        }
    }

    private async Task<Actor> ActorAsync() =>
        Context.User is { } user && await actors.FromPrincipalAsync(user, Context.ConnectionAborted) is { } actor
            ? actor
            : throw new HubException("Your account is no longer valid; sign in again.");

    /// <summary>Only a <see cref="HubException"/>'s message reaches the client; the Engine's refusals are written for people.</summary>
    private static T Translate<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (OperationFailedException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
