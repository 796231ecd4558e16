using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Web.Tests.Fakes;

/// <summary>A hand-written, thread-safe <see cref="IImageTransfers"/>: tests push job snapshots through a channel per job.</summary>
public sealed class FakeImageTransfers : IImageTransfers
{
    private readonly ConcurrentDictionary<string, ImageJobSnapshot> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Channel<ImageJobSnapshot>> _feeds = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Pulls { get; } = new();

    public ConcurrentQueue<string> Cancels { get; } = new();

    /// <summary>Watches whose token was cancelled (the page went away).</summary>
    public ConcurrentQueue<string> WatchesCancelled { get; } = new();

    /// <summary>Thrown by <see cref="PullAsync"/> when set.</summary>
    public Exception? PullFailure { get; set; }

    public static ImageJobSnapshot Running(string reference, params LayerProgress[] layers) =>
        new(Guid.NewGuid().ToString("N"), "pull", reference, "alice", ImageJobState.Running, null, null, layers, DateTime.UtcNow, null, 1);

    /// <summary>Makes <paramref name="job"/> exist, as if started earlier (a page re-attaching sees it).</summary>
    public void Seed(ImageJobSnapshot job) => _jobs[job.Id] = job;

    /// <summary>Sends the next state of a job to whoever watches it.</summary>
    public void Publish(ImageJobSnapshot snapshot)
    {
        _jobs[snapshot.Id] = snapshot;
        var feed = Feed(snapshot.Id);
        feed.Writer.TryWrite(snapshot);
        if (snapshot.Finished)
        {
            feed.Writer.TryComplete();
        }
    }

    public Task<ImageJobSnapshot> PullAsync(Actor actor, string reference, string? team, CancellationToken cancellationToken)
    {
        Pulls.Enqueue(reference);
        if (PullFailure is { } ex)
        {
            return Task.FromException<ImageJobSnapshot>(ex);
        }

        var job = Running(reference);
        _jobs[job.Id] = job;
        return Task.FromResult(job);
    }

    /// <summary>Thrown by <see cref="PushAsync"/> when set.</summary>
    public Exception? PushFailure { get; set; }

    public Task<ImageJobSnapshot> PushAsync(Actor actor, string reference, ImagePushRequest request, CancellationToken cancellationToken)
    {
        if (PushFailure is { } ex)
        {
            return Task.FromException<ImageJobSnapshot>(ex);
        }

        var job = Running(request.Target) with { Kind = "push" };
        _jobs[job.Id] = job;
        return Task.FromResult(job);
    }

    public IReadOnlyList<ImageJobSnapshot> ListJobs(Actor actor) => _jobs.Values.ToList();

    public ImageJobSnapshot GetJob(Actor actor, string id) =>
        _jobs.TryGetValue(id, out var job) ? job : throw OperationFailedException.NotFound("job", id);

    public void Cancel(Actor actor, string id) => Cancels.Enqueue(id);

    public async IAsyncEnumerable<ImageJobSnapshot> WatchAsync(Actor actor, string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = Feed(id).Reader;
        while (true)
        {
            ImageJobSnapshot next;
            try
            {
                if (!await reader.WaitToReadAsync(cancellationToken) || !reader.TryRead(out next!))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException)
            {
                WatchesCancelled.Enqueue(id);
                throw;
            }

            yield return next;
        }
    }

    private Channel<ImageJobSnapshot> Feed(string id) => _feeds.GetOrAdd(id, _ => Channel.CreateUnbounded<ImageJobSnapshot>());
}
