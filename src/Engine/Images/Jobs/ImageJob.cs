using Docker.DotNet.Models;
using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images.Jobs;

/// <summary>
/// The live state of one long image operation. The engine's progress messages are folded into a
/// bounded per-layer table (at most <see cref="MaxLayers"/> layers), so a job costs the same
/// memory however long it runs; <see cref="Changed"/> tells watchers to take a new snapshot.
/// </summary>
/// <remarks>The job owns its cancellation source: it is cancelled by <see cref="Cancel"/>, never by the request that started it.</remarks>
public sealed partial class ImageJob : IDisposable
{
    /// <summary>Layers kept per job; an image with more is shown by its first ones.</summary>
    public const int MaxLayers = 256;

    private static readonly HashSet<string> s_doneStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        "Pull complete", "Already exists", "Pushed", "Layer already exists", "Mounted from",
    };

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly List<LayerProgress> _layers = [];
    private readonly TimeProvider _time;
    private ImageJobSnapshot _snapshot;

    public ImageJob(string kind, string reference, Actor actor, TimeProvider time)
    {
        _time = time;
        Actor = actor;
        _snapshot = new ImageJobSnapshot(Guid.NewGuid().ToString("N"), kind, reference, actor.UserName, ImageJobState.Running,
            null, null, [], time.GetUtcNow().UtcDateTime, null, 0);
    }

    /// <summary>Raised after every change, on the thread that made it; handlers must be quick.</summary>
    public event Action<ImageJobSnapshot>? Changed;

    public string Id => _snapshot.Id;

    /// <summary>Who started the job: they, members of <see cref="Team"/> and admins see it.</summary>
    public Actor Actor { get; }

    /// <summary>The team the job works for (the pull's or build's owning team), once its checks resolved it.</summary>
    public string? Team { get; set; }

    public CancellationToken Token => _cts.Token;

    public ImageJobSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>The first error the engine wrote into the stream, if any.</summary>
    public string? StreamError { get; private set; }

    /// <summary>Folds one progress message into the state.</summary>
    public void Apply(JSONMessage message) => Apply([message]);

    /// <summary>Folds progress messages into the state in order, as one change (one snapshot for the whole batch).</summary>
    public void Apply(IReadOnlyList<JSONMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Update(() =>
        {
            foreach (var message in messages)
            {
                FoldProgress(message);
            }
        });
    }

    /// <summary>
    /// What a progress message updates: <c>layer:&lt;id&gt;</c> for one layer's progress, <c>status</c> for the
    /// overall line, <c>error</c> for a stream error, null for a message that changes nothing. Only the
    /// latest message per key matters to the state (only the first for <c>error</c>), which is what lets a
    /// slow reader coalesce them.
    /// </summary>
    public static string? ProgressKey(JSONMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!string.IsNullOrEmpty(message.Error?.Message))
        {
            return ErrorKey;
        }

        var status = message.Status ?? "";
        if (IsLayer(message, status))
        {
            return "layer:" + message.ID;
        }

        return status.Length > 0 ? StatusKey : null;
    }

    /// <summary>The <see cref="ProgressKey"/> of a stream error.</summary>
    public const string ErrorKey = "error";

    /// <summary>The <see cref="ProgressKey"/> of the overall status line.</summary>
    public const string StatusKey = "status";

    private static bool IsLayer(JSONMessage message, string status) =>
        !string.IsNullOrEmpty(message.ID) && message.ID.Length <= 64
        && !status.StartsWith("Pulling from", StringComparison.Ordinal)
        && !status.StartsWith("The push refers to", StringComparison.Ordinal)
        && !message.ID.Contains(':', StringComparison.Ordinal);

    private void FoldProgress(JSONMessage message)
    {
        var error = message.Error?.Message;
        if (!string.IsNullOrEmpty(error))
        {
            StreamError ??= error;
            return;
        }

        var status = message.Status ?? "";
        if (!IsLayer(message, status))
        {
            _statusLine = status.Length > 0 ? status : _statusLine;
            return;
        }

        var done = s_doneStatuses.Any(d => status.StartsWith(d, StringComparison.OrdinalIgnoreCase));
        var current = message.Progress?.Current ?? 0;
        var total = message.Progress?.Total ?? 0;
        var index = _layers.FindIndex(l => l.Id == message.ID);
        var layer = new LayerProgress(message.ID!, status, current, total, done);
        if (index >= 0)
        {
            _layers[index] = layer;
        }
        else if (_layers.Count < MaxLayers)
        {
            _layers.Add(layer);
        }
    }

    /// <summary>Names what the job works on once its checks resolved it (a push's full target).</summary>
    public void Rename(string reference) => Update(() => _reference = reference);

    /// <summary>Ends the job with the outcome of its task.</summary>
    public void Complete(Exception? failure)
    {
        var (state, error) = failure switch
        {
            null => (ImageJobState.Succeeded, (string?)null),
            // Whatever the engine call threw once cancelled (often an I/O error), the user asked it to stop.
            _ when _cts.IsCancellationRequested => (ImageJobState.Cancelled, "Cancelled."),
            OperationFailedException f => (ImageJobState.Failed, f.Message),
            _ => (ImageJobState.Failed, failure.Message),
        };
        Update(() =>
        {
            _state = state;
            _error = error;
            _finishedAt = _time.GetUtcNow().UtcDateTime;
        });
    }

    /// <summary>Asks the job to stop; the engine call sees the token and the job ends as cancelled.</summary>
    public void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished and disposed: nothing to stop.
        }
    }

    public void Dispose() => _cts.Dispose();

    private string? _reference;
    private string? _statusLine;
    private string? _error;
    private ImageJobState _state = ImageJobState.Running;
    private DateTime? _finishedAt;

    private void Update(Action change)
    {
        ImageJobSnapshot next;
        lock (_gate)
        {
            change();
            var s = _snapshot;
            next = s with { Reference = _reference ?? s.Reference, State = _state, Status = _statusLine, Error = _error, Layers = _layers.ToList(), Log = _log.Count > 0 ? _log.ToList() : s.Log, FailedStep = _failedStep, ImageId = _imageId, FinishedAt = _finishedAt, Version = s.Version + 1 };
            Volatile.Write(ref _snapshot, next);
        }

        Changed?.Invoke(next);
    }
}
