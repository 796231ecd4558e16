using Portal.Engine.Compose.Execution;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

/// <summary>A stack action's state as a reader sees it.</summary>
public sealed record StackJobSnapshot(string Id, string Stack, string Action, string User, string State, IReadOnlyList<ComposeEvent> Events,
    string? Error, StackActionResult? Result, DateTime StartedAt, DateTime? FinishedAt, long Version)
{
    public bool Finished => State != StackJob.Running;
}

/// <summary>
/// One long stack action (up, down, start, …) running in Portal, not in the request that started it. Events are kept
/// in a bounded list (the newest <see cref="MaxEvents"/>), so a job costs the same memory however long it runs.
/// </summary>
public sealed class StackJob : IDisposable
{
    public const string Running = "running";

    public const string Succeeded = "succeeded";

    public const string Failed = "failed";

    /// <summary>Events kept per job.</summary>
    public const int MaxEvents = 1000;

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Queue<ComposeEvent> _events = new();
    private readonly TimeProvider _time;
    private StackJobSnapshot _snapshot;

    public StackJob(Actor actor, string stack, string action, TimeProvider time)
    {
        _time = time;
        Actor = actor;
        _snapshot = new StackJobSnapshot(Guid.NewGuid().ToString("N"), stack, action, actor.UserName, Running, [], null, null, time.GetUtcNow().UtcDateTime, null, 0);
        Progress = new EventSink(this);
    }

    /// <summary>Raised after every change; handlers must be quick.</summary>
    public event Action<StackJobSnapshot>? Changed;

    public string Id => _snapshot.Id;

    public Actor Actor { get; }

    public CancellationToken Token => _cts.Token;

    public StackJobSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Where the action reports; synchronous, never posts to a context.</summary>
    public IProgress<ComposeEvent> Progress { get; }

    public void Complete(StackActionResult? result, Exception? failure) =>
        Update(s => s with
        {
            State = failure is null ? Succeeded : Failed,
            Error = failure?.Message,
            Result = result,
            FinishedAt = _time.GetUtcNow().UtcDateTime,
        });

    public void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished and disposed already.
        }
    }

    public void Dispose() => _cts.Dispose();

    private void Add(ComposeEvent e) => Update(s =>
    {
        _events.Enqueue(e);
        while (_events.Count > MaxEvents)
        {
            _events.Dequeue();
        }

        return s with { Events = [.. _events] };
    });

    private void Update(Func<StackJobSnapshot, StackJobSnapshot> change)
    {
        StackJobSnapshot next;
        lock (_gate)
        {
            next = change(_snapshot) with { Version = _snapshot.Version + 1 };
            Volatile.Write(ref _snapshot, next);
        }

        Changed?.Invoke(next);
    }

    private sealed class EventSink(StackJob job) : IProgress<ComposeEvent>
    {
        public void Report(ComposeEvent value) => job.Add(value);
    }
}
