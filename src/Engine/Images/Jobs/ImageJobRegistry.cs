using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images.Jobs;

/// <summary>
/// Holds running and recently finished image jobs in memory so a page can re-attach after the
/// user navigated away, and API clients can read progress back. Bounded: at most
/// <see cref="MaxFinishedJobs"/> finished jobs are kept, oldest dropped first.
/// </summary>
public sealed class ImageJobRegistry
{
    /// <summary>Finished jobs kept for reading back.</summary>
    public const int MaxFinishedJobs = 100;

    private readonly ConcurrentDictionary<string, ImageJob> _jobs = new(StringComparer.Ordinal);

    public void Add(ImageJob job)
    {
        _jobs[job.Id] = job;
        Trim();
    }

    /// <summary>The job if the actor may see it (its starter, a member of its team, or an admin); otherwise null, as if it did not exist.</summary>
    public ImageJob? Find(Actor actor, string id) =>
        _jobs.TryGetValue(id, out var job) && MaySee(actor, job) ? job : null;

    /// <summary>The jobs the actor may see (admins: everyone's), newest first.</summary>
    public IReadOnlyList<ImageJobSnapshot> List(Actor actor) =>
        _jobs.Values.Where(j => MaySee(actor, j))
            .Select(j => j.Snapshot).OrderByDescending(s => s.StartedAt).ToList();

    /// <summary>A job is its starter's and its team's: a team mate may follow a teammate's build.</summary>
    public static bool MaySee(Actor actor, ImageJob job) =>
        actor.IsAdmin || job.Actor.UserId == actor.UserId || (job.Team is { } team && actor.Teams.ContainsKey(team));

    /// <summary>Snapshots of the job now and after each change (repeats skipped), until it ends or the token fires.</summary>
    public static async IAsyncEnumerable<ImageJobSnapshot> WatchAsync(ImageJob job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A one-slot channel: a slow reader sees the latest state, never a backlog.
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChanged(ImageJobSnapshot _) => signal.Writer.TryWrite(true);
        job.Changed += OnChanged;
        try
        {
            var last = -1L;
            while (true)
            {
                var snapshot = job.Snapshot;
                if (snapshot.Version != last)
                {
                    last = snapshot.Version;
                    yield return snapshot;
                }

                if (snapshot.Finished)
                {
                    yield break;
                }

                await signal.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            job.Changed -= OnChanged;
        }
    }

    private void Trim()
    {
        var finished = _jobs.Values.Where(j => j.Snapshot.Finished).OrderByDescending(j => j.Snapshot.FinishedAt).Skip(MaxFinishedJobs).ToList();
        foreach (var job in finished)
        {
            if (_jobs.TryRemove(job.Id, out _))
            {
                job.Dispose();
            }
        }
    }
}
