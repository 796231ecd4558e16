using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

/// <summary>Running and recent stack jobs, in memory and bounded (<see cref="MaxFinishedJobs"/> finished kept), like image jobs.</summary>
public sealed class StackJobRegistry(TimeProvider time)
{
    public const int MaxFinishedJobs = 50;

    private readonly ConcurrentDictionary<string, StackJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Starts <paramref name="action"/> in the background as a job; the job's token, not the caller's, cancels it.</summary>
    public StackJob Start(Actor actor, string stack, string action, Func<IProgress<ComposeEvent>, CancellationToken, Task<StackActionResult>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var job = new StackJob(actor, stack, action, time);
        _jobs[job.Id] = job;
        Trim();
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await body(job.Progress, job.Token).ConfigureAwait(false);
                job.Complete(result, null);
            }
            catch (Exception ex)
            {
                job.Complete(null, ex);
            }
        }, CancellationToken.None);
        return job;
    }

    /// <summary>The job if the actor may see it (its starter or an admin), else null.</summary>
    public StackJob? Find(Actor actor, string id) =>
        _jobs.TryGetValue(id, out var job) && (actor.IsAdmin || job.Actor.UserId == actor.UserId) ? job : null;

    /// <summary>The actor's jobs for <paramref name="stack"/> (all stacks when null), newest first.</summary>
    public IReadOnlyList<StackJobSnapshot> List(Actor actor, string? stack) =>
        [.. _jobs.Values.Where(j => (actor.IsAdmin || j.Actor.UserId == actor.UserId) && (stack is null || j.Snapshot.Stack == stack))
            .Select(j => j.Snapshot).OrderByDescending(s => s.StartedAt)];

    /// <summary>Snapshots now and after each change (a slow reader sees the latest), until the job ends.</summary>
    public static async IAsyncEnumerable<StackJobSnapshot> WatchAsync(StackJob job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChanged(StackJobSnapshot _) => signal.Writer.TryWrite(true);
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
        foreach (var job in _jobs.Values.Where(j => j.Snapshot.Finished).OrderByDescending(j => j.Snapshot.FinishedAt).Skip(MaxFinishedJobs).ToList())
        {
            if (_jobs.TryRemove(job.Id, out _))
            {
                job.Dispose();
            }
        }
    }
}
