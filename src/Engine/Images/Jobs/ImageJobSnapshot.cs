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
    long Version)
{
    public bool Finished => State != ImageJobState.Running;
}
