using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Jobs;

/// <summary>
/// Every running and recently finished job, of every kind, in memory: one visibility rule
/// (<see cref="MaySee"/>), one retention (<see cref="JobOptions"/>), one watch, one cancel.
/// A job someone may not see does not exist for them: it is not listed, and finding it fails
/// exactly like a missing id.
/// </summary>
public sealed class JobRegistry(IOptions<JobOptions> options, Engines engines, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    /// <summary>A new running job against the current environment, not yet visible: <see cref="Add"/> it once its checks passed.</summary>
    public Job Create(string kind, string target, Actor starter, string? team = null)
    {
        var job = new Job(kind, target, starter, engines.Current.Name, time, options.Value);
        if (team is not null)
        {
            job.SetTeam(team);
        }

        return job;
    }

    /// <summary>Makes the job visible (to its starter, its team's members and admins) and drops what retention no longer keeps.</summary>
    public void Add(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _jobs[job.Id] = job;
        Trim();
    }

    /// <summary>
    /// Creates, adds and runs a job in the background: <paramref name="work"/> gets the job (to report into) and its
    /// token, and its outcome ends the job. The caller's own token does not reach the work.
    /// </summary>
    public Job Start(string kind, string target, Actor starter, string? team, Func<Job, CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var job = Create(kind, target, starter, team);
        Add(job);
        _ = Task.Run(async () =>
        {
            try
            {
                await work(job, job.Token).ConfigureAwait(false);
                job.Complete(null);
            }
            catch (Exception ex)
            {
                job.Complete(ex);
            }
        }, CancellationToken.None);
        return job;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the background as <paramref name="job"/>, which becomes visible only when the
    /// work calls the register action it is given (its checks passed). Returns then; a refusal before that is thrown
    /// here and nobody ever sees the job. The caller's token bounds only this wait, never the work.
    /// </summary>
    public async Task<Job> StartCheckedAsync(Job job, Func<Action, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(work);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Register()
        {
            Add(job);
            started.TrySetResult();
        }

        // The run is owned by the job, not the request: it goes on when the caller leaves.
        var run = Task.Run(() => work(Register, job.Token), CancellationToken.None);
        _ = run.ContinueWith(t =>
        {
            job.Complete(t.Exception?.InnerException ?? (t.IsCanceled ? new OperationCanceledException() : null));
            if (!started.Task.IsCompleted)
            {
                // Refused before it was registered: nobody can reach this job, so release it now.
                job.Dispose();
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        await Task.WhenAny(started.Task, run).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!started.Task.IsCompleted)
        {
            // Refused before the job started: surface the refusal to the caller.
            await run.ConfigureAwait(false);
        }

        return job;
    }

    /// <summary>
    /// The rule for every kind: admins see every job; anyone else sees it through the job's environment — its starter
    /// and members of its team while a team of theirs (for the team: that team) holds a grant there. A grant revoked,
    /// or the environment gone, and the job does not exist for them.
    /// </summary>
    public bool MaySee(Actor actor, Job job)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(job);
        return actor.IsAdmin || (There(actor, job) is { } there && (job.Starter.UserId == actor.UserId || (job.Team is { } team && there.Teams.ContainsKey(team))));
    }

    /// <summary>The actor as the job's environment sees them (its teams granted there, at the grant's role), or null when it does not exist for them.</summary>
    private Actor? There(Actor actor, Job job) =>
        engines.TryGet(job.Snapshot.Environment, out var environment) && actor.MayUse(environment.Id) ? actor.In(environment.Id) : null;

    /// <summary>The job if the actor may see it (and it is of a kind <paramref name="kinds"/> accepts); otherwise null, as if it did not exist.</summary>
    public Job? Find(Actor actor, string id, Func<string, bool>? kinds = null)
    {
        Trim();
        return _jobs.TryGetValue(id, out var job) && MaySee(actor, job) && (kinds is null || kinds(job.Kind)) ? job : null;
    }

    /// <summary>Like <see cref="Find"/>, but a job the actor may not see is not found (the same answer as a missing id).</summary>
    public Job Get(Actor actor, string id, Func<string, bool>? kinds = null) =>
        Find(actor, id, kinds) ?? throw OperationFailedException.NotFound("job", id);

    /// <summary>The jobs the actor may see (admins: everyone's), of the kinds <paramref name="kinds"/> accepts, newest first.</summary>
    public IReadOnlyList<JobSnapshot> List(Actor actor, Func<string, bool>? kinds = null)
    {
        Trim();
        return [.. _jobs.Values.Where(j => MaySee(actor, j) && (kinds is null || kinds(j.Kind)))
            .Select(j => j.Snapshot).OrderByDescending(s => s.StartedAt)];
    }

    /// <summary>How many jobs are kept, by kind and state (for metrics; no actor, no details).</summary>
    public IReadOnlyList<(string Kind, JobState State, int Count)> Census() =>
        [.. _jobs.Values.GroupBy(j => (j.Kind, j.Snapshot.State)).Select(g => (g.Key.Kind, g.Key.State, g.Count()))];

    /// <summary>
    /// Stops a running job. Team members may follow a job; only its starter, an operator of its team or an admin may stop it,
    /// and never with a read-only token. A job the actor may not see is not found.
    /// </summary>
    public void Cancel(Actor actor, string id, Func<string, bool>? kinds = null)
    {
        var job = Get(actor, id, kinds);
        if (actor.ReadOnly)
        {
            // Found first, so another team's job still reads as missing; a read-only token changes nothing.
            throw OperationFailedException.Forbidden("This access token is read-only.");
        }

        // An operator of the team whose grant on the job's environment is Viewer may follow the job there, not stop it.
        if (!actor.IsAdmin && job.Starter.UserId != actor.UserId && There(actor, job)?.CanOperate(job.Team) != true)
        {
            throw OperationFailedException.Forbidden("Viewers cannot cancel a job; ask its starter or an operator of the team.");
        }

        job.Cancel();
    }

    /// <summary>The job's snapshots (see <see cref="WatchAsync(Job, CancellationToken)"/>); not found at once, before anything streams, when the actor may not see it.</summary>
    public IAsyncEnumerable<JobSnapshot> WatchAsync(Actor actor, string id, CancellationToken cancellationToken, Func<string, bool>? kinds = null) =>
        WatchAsync(Get(actor, id, kinds), cancellationToken);

    /// <summary>
    /// The job's snapshot now and after each change (repeats skipped), until it ends or the token fires. Bounded: a
    /// one-slot signal means a slow reader skips to the latest snapshot rather than queueing every change.
    /// </summary>
    public static async IAsyncEnumerable<JobSnapshot> WatchAsync(Job job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChanged(JobSnapshot _) => signal.Writer.TryWrite(true);
        // Subscribe before the first read: a change between the two is seen through the signal, never lost.
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

    /// <summary>Drops finished jobs past the count or older than the age limit; running jobs always stay.</summary>
    private void Trim()
    {
        var limits = options.Value;
        var oldest = time.GetUtcNow().UtcDateTime - limits.FinishedJobRetention;
        var finished = _jobs.Values.Select(j => (Job: j, j.Snapshot.FinishedAt)).Where(j => j.FinishedAt is not null)
            .OrderByDescending(j => j.FinishedAt).ToList();
        var drop = finished.Skip(limits.MaxFinishedJobs).Concat(finished.Take(limits.MaxFinishedJobs).Where(j => j.FinishedAt < oldest));
        foreach (var (job, _) in drop)
        {
            if (_jobs.TryRemove(new KeyValuePair<string, Job>(job.Id, job)))
            {
                job.Dispose();
            }
        }
    }
}
