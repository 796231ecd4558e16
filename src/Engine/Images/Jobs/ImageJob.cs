using Docker.DotNet.Models;
using Portal.Engine.Jobs;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images.Jobs;

/// <summary>
/// A pull, push or build as the job system sees it: folds the engine's progress messages and build output into
/// its <see cref="Portal.Engine.Jobs.Job"/> (layers as progress items, at most <see cref="MaxLayers"/>; build output as log lines;
/// the built image and the failed step as outputs) and keeps what only the image code needs (the stream's first error).
/// </summary>
public sealed partial class ImageJob : IDisposable
{
    /// <summary>Layers shown per job; an image with more is shown by its first ones.</summary>
    public const int MaxLayers = 256;

    private static readonly HashSet<string> s_doneStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        "Pull complete", "Already exists", "Pushed", "Layer already exists", "Mounted from",
    };

    private readonly HashSet<string> _layers = new(StringComparer.Ordinal);
    private string? _currentStep;
    private string? _failedStep;

    /// <summary>Folds into <paramref name="job"/>, made by the registry (<see cref="JobRegistry.Create"/>).</summary>
    public ImageJob(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Job = job;
    }

    /// <summary>A job on its own, never registered (tests of the folding).</summary>
    public ImageJob(string kind, string reference, Actor actor, TimeProvider time)
        : this(new Job(kind, reference, actor, Job.LocalEnvironment, time))
    {
    }

    /// <summary>The job this folds into: register it, cancel it, watch it.</summary>
    public Job Job { get; }

    public string Id => Job.Id;

    /// <summary>The team the job works for (the pull's or build's owning team), once its checks resolved it.</summary>
    public string? Team
    {
        get => Job.Team;
        set => Job.SetTeam(value);
    }

    public CancellationToken Token => Job.Token;

    /// <summary>What the job works on, as the user gave it (a push: its full target once resolved).</summary>
    public string Reference => Job.Snapshot.Target;

    /// <summary>Names what the job works on once its checks resolved it (a push's full target).</summary>
    public void Rename(string reference) => Job.Retarget(reference);

    /// <summary>The job now, in the image routes' shape.</summary>
    public ImageJobSnapshot Snapshot => ImageJobSnapshot.From(Job.Snapshot);

    /// <summary>The first error the engine wrote into the stream, if any.</summary>
    public string? StreamError { get; private set; }

    /// <summary>Folds one progress message into the state.</summary>
    public void Apply(JSONMessage message) => Apply([message]);

    /// <summary>Folds progress messages into the state in order, as one change (one snapshot for the whole batch).</summary>
    public void Apply(IReadOnlyList<JSONMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // Job.Update runs the fold under the job's lock, so this adapter's own fields need no other.
        Job.Update(changes =>
        {
            foreach (var message in messages)
            {
                FoldProgress(message, changes);
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

    private void FoldProgress(JSONMessage message, Job.Changes changes)
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
            changes.Status = status.Length > 0 ? status : changes.Status;
            return;
        }

        if (!_layers.Contains(message.ID!) && (_layers.Count >= MaxLayers || !_layers.Add(message.ID!)))
        {
            return;
        }

        var done = s_doneStatuses.Any(d => status.StartsWith(d, StringComparison.OrdinalIgnoreCase));
        changes.SetProgress(new JobProgress(message.ID!, status, message.Progress?.Current ?? 0, message.Progress?.Total ?? 0, done));
    }

    /// <summary>Ends the job with the outcome of its task.</summary>
    public void Complete(Exception? failure) => Job.Complete(failure);

    /// <summary>Asks the job to stop; the engine call sees the token and the job ends as cancelled.</summary>
    public void Cancel() => Job.Cancel();

    public void Dispose() => Job.Dispose();
}
