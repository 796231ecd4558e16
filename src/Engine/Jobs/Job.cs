using Portal.Engine.Pipeline;

namespace Portal.Engine.Jobs;

/// <summary>
/// The live state of one long operation of any kind (pull, push, build, a stack action, and kinds to come).
/// Kinds report through <see cref="Update"/>; every change makes a new <see cref="Snapshot"/> and raises
/// <see cref="Changed"/>. Its progress items, log lines and line length are bounded by <see cref="JobOptions"/>,
/// so a job costs the same memory however long it runs.
/// </summary>
/// <remarks>
/// The job owns its cancellation source: it is cancelled by <see cref="Cancel"/> (the registry checks who may),
/// never by the request that started it, so work goes on when a page closes or a client stops reading.
/// </remarks>
public sealed partial class Job : IDisposable
{
    /// <summary>The environment of the one engine Portal drives today.</summary>
    public const string LocalEnvironment = "local";

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly TimeProvider _time;
    private readonly Changes _changes;
    private JobSnapshot _snapshot;

    /// <summary>A running job, not yet visible to anyone: hand it to <see cref="JobRegistry.Add"/> once its checks passed.</summary>
    public Job(string kind, string target, Actor starter, string environment, TimeProvider time, JobOptions? limits = null)
    {
        ArgumentNullException.ThrowIfNull(starter);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Starter = starter;
        _changes = new Changes(this, limits ?? new JobOptions());
        _snapshot = new JobSnapshot(Guid.NewGuid().ToString("N"), kind, target, null, environment, starter.UserName, JobState.Running,
            null, null, [], [], new Dictionary<string, string>(), time.GetUtcNow().UtcDateTime, null, 0);
    }

    /// <summary>Raised after every change, on the thread that made it; handlers must be quick.</summary>
    public event Action<JobSnapshot>? Changed;

    public string Id => _snapshot.Id;

    public string Kind => _snapshot.Kind;

    /// <summary>Who started the job: they, members of <see cref="Team"/> and admins see it.</summary>
    public Actor Starter { get; }

    /// <summary>The team the job works for, once known.</summary>
    public string? Team => Snapshot.Team;

    /// <summary>Cancelled when someone cancels the job; the work it runs stops on it.</summary>
    public CancellationToken Token => _cts.Token;

    public JobSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Applies <paramref name="change"/> as one step: watchers see one new snapshot for all it did.</summary>
    public void Update(Action<Changes> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        JobSnapshot next;
        lock (_gate)
        {
            if (_snapshot.Finished)
            {
                // A late report (a progress callback racing the end) changes nothing once the outcome is out.
                return;
            }

            change(_changes);
            next = _changes.Apply(_snapshot);
            Volatile.Write(ref _snapshot, next);
        }

        Changed?.Invoke(next);
    }

    /// <summary>Names the team the job works for (its members then see it).</summary>
    public void SetTeam(string? team) => Update(c => c.Team = team);

    /// <summary>Names what the job works on once its checks resolved it (a push's full target).</summary>
    public void Retarget(string target) => Update(c => c.Target = target);

    /// <summary>Ends the job with the outcome of its work; later calls change nothing.</summary>
    public void Complete(Exception? failure)
    {
        var (state, error) = failure switch
        {
            null => (JobState.Succeeded, (string?)null),
            // Whatever the work threw once cancelled (often an I/O error), the user asked it to stop.
            _ when _cts.IsCancellationRequested => (JobState.Cancelled, "Cancelled."),
            _ => (JobState.Failed, failure.Message),
        };
        JobSnapshot next;
        lock (_gate)
        {
            if (_snapshot.Finished)
            {
                return;
            }

            next = _changes.Apply(_snapshot) with { State = state, Error = error, FinishedAt = _time.GetUtcNow().UtcDateTime };
            Volatile.Write(ref _snapshot, next);
        }

        Changed?.Invoke(next);
    }

    /// <summary>Asks the work to stop; it sees <see cref="Token"/> and the job ends as cancelled.</summary>
    public void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished and dropped already: nothing to stop.
        }
    }

    public void Dispose() => _cts.Dispose();
}
