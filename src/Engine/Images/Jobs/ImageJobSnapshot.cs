using System.Runtime.CompilerServices;
using Portal.Engine.Jobs;

namespace Portal.Engine.Images.Jobs;

/// <summary>
/// An image job (pull, push, build) in the shape the image routes and pages have always used: a view of
/// the job's <see cref="JobSnapshot"/>, which carries these same fields for every kind.
/// </summary>
/// <param name="Id">Job id, unique for the life of the process.</param>
/// <param name="Kind">"pull", "push" or "build".</param>
/// <param name="Reference">What the job works on, as the user gave it.</param>
/// <param name="UserName">Who started it.</param>
/// <param name="State">Running until it ends.</param>
/// <param name="Status">The latest overall line from the engine (for example "Digest: sha256:…").</param>
/// <param name="Error">Why it failed, fit to show; null otherwise.</param>
/// <param name="Layers">Per-layer progress in the order the engine first named them.</param>
/// <param name="StartedAt">UTC start.</param>
/// <param name="FinishedAt">UTC end, null while running.</param>
/// <param name="Version">Grows with every change, so watchers can skip repeats.</param>
/// <param name="Log">Build output lines (builds only), oldest dropped past the bound.</param>
/// <param name="FailedStep">The build step that failed, as the engine named it ("Step 3/5 : RUN …").</param>
/// <param name="ImageId">The id of the image a build made.</param>
public sealed record ImageJobSnapshot(
    string Id,
    string Kind,
    string Reference,
    string UserName,
    ImageJobState State,
    string? Status,
    string? Error,
    IReadOnlyList<LayerProgress> Layers,
    DateTime StartedAt,
    DateTime? FinishedAt,
    long Version,
    IReadOnlyList<string>? Log = null,
    string? FailedStep = null,
    string? ImageId = null)
{
    public bool Finished => State != ImageJobState.Running;

    // One view per snapshot, made once: every watcher and reader of that moment shares it (and its lists).
    private static readonly ConditionalWeakTable<JobSnapshot, ImageJobSnapshot> s_views = [];

    /// <summary>The image view of <paramref name="job"/>.</summary>
    public static ImageJobSnapshot From(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return s_views.GetValue(job, Create);
    }

    private static ImageJobSnapshot Create(JobSnapshot job) =>
        new(job.Id, job.Kind, job.Target, job.UserName, StateOf(job.State), job.Status, job.Error,
            [.. job.Progress.Select(p => new LayerProgress(p.Id, p.Status, p.Current, p.Total, p.Done))],
            job.StartedAt, job.FinishedAt, job.Version, job.Log.Count > 0 ? job.Log : null, job.FailedStep, job.ImageId);

    private static ImageJobState StateOf(JobState state) => state switch
    {
        JobState.Running => ImageJobState.Running,
        JobState.Succeeded => ImageJobState.Succeeded,
        JobState.Failed => ImageJobState.Failed,
        _ => ImageJobState.Cancelled,
    };
}
