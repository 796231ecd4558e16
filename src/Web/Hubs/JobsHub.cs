using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Jobs;
using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Hubs;

/// <summary>
/// <c>/hubs/jobs</c>: jobs of every kind (pull, push, build, stack actions) for API clients. <see cref="Watch"/>
/// streams a job's snapshots until it ends; finished jobs stay readable as long as the job system keeps them.
/// A job is visible to its starter, members of its team and admins; to anyone else it does not exist.
/// </summary>
public sealed class JobsHub(JobRegistry jobs, StackJobs stackJobs, ActorFactory actors, StreamAccessGuard guard) : Hub
{
    /// <summary>The running and recent jobs the caller may see, newest first.</summary>
    [AllowReadOnly]
    public async Task<IReadOnlyList<JobSnapshot>> List()
    {
        var actor = await ActorAsync();
        return jobs.List(actor);
    }

    /// <summary>One job's state now.</summary>
    [AllowReadOnly]
    public async Task<JobSnapshot> Get(string id)
    {
        var actor = await ActorAsync();
        return Translate(() => jobs.Get(actor, id).Snapshot);
    }

    /// <summary>The job's snapshot now and after each change (a slow client gets the latest, not a backlog), until it ends.</summary>
    [AllowReadOnly]
    public async IAsyncEnumerable<JobSnapshot> Watch(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await ActorAsync();
        // Resolve first, so an unknown or hidden job fails the stream with "not found" before anything is sent.
        using var lease = WatchJob(id, cancellationToken);
        var stream = Translate(() => jobs.WatchAsync(actor, id, lease.Token));
        await foreach (var snapshot in HubStreams.Guard(stream, lease, lease.Token))
        {
            yield return snapshot;
        }
    }

    /// <summary>A stack job (up, pull, build, …) in the stack routes' shape: its per-service events now and after each change, until it ends.</summary>
    [AllowReadOnly]
    public async IAsyncEnumerable<StackJobSnapshot> WatchStack(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await ActorAsync();
        using var lease = WatchJob(id, cancellationToken);
        var stream = Translate(() => stackJobs.WatchAsync(actor, id, lease.Token));
        await foreach (var snapshot in HubStreams.Guard(stream, lease, lease.Token))
        {
            yield return snapshot;
        }
    }

    /// <summary>Asks a running job of any kind to stop: its starter, an operator of its team or an admin.</summary>
    public async Task Cancel(string id)
    {
        var actor = await ActorAsync();
        Translate(() => jobs.Cancel(actor, id));
    }

    /// <summary>A watch holds while the caller may still see the job (its grants and teams as they are now).</summary>
    private StreamLease WatchJob(string id, CancellationToken cancellationToken) =>
        guard.WatchAnywhere(Context.User, (actor, _) => Task.FromResult(jobs.Find(actor, id) is not null), "Your access to this job was withdrawn; the watch has ended.", cancellationToken);

    private async Task<Actor> ActorAsync() =>
        Context.User is { } user && await actors.FromPrincipalAsync(user, Context.ConnectionAborted) is { } actor
            ? actor
            : throw new HubException("Your account is no longer valid; sign in again.");

    private static void Translate(Action call) => Translate(() =>
    {
        call();
        return true;
    });

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
