namespace Portal.Engine.Images.Jobs;

/// <summary>An immutable view of an image job at one moment, for pages and API clients.</summary>
/// <param name="Id">Job id, unique for the life of the process.</param>
/// <param name="Kind">"pull" (later also "push", "build").</param>
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
}
