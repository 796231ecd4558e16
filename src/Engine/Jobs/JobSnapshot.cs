namespace Portal.Engine.Jobs;

/// <summary>
/// An immutable view of a job at one moment: the one shape every kind has in the jobs list, in
/// <c>GET /api/v1/jobs/{id}</c>, its NDJSON follow and the <c>/hubs/jobs</c> watch.
/// </summary>
/// <param name="Id">Job id, unique for the life of the process.</param>
/// <param name="Kind">What the job does (<see cref="JobKinds"/>): "pull", "push", "build", "stack.up", …</param>
/// <param name="Target">What it works on: an image reference, a stack's name.</param>
/// <param name="Team">The team it works for, once its checks resolved it; its members see the job.</param>
/// <param name="Environment">The engine environment it runs against ("local" for now).</param>
/// <param name="UserName">Who started it.</param>
/// <param name="State">Running until it ends.</param>
/// <param name="Status">The latest overall line (for example "Digest: sha256:…", "Step 2/5 : RUN …").</param>
/// <param name="Error">Why it failed, fit to show; null otherwise.</param>
/// <param name="Progress">Progress items in the order they first came (bounded).</param>
/// <param name="Log">Output lines, oldest dropped past the bound, each cut to the line cap.</param>
/// <param name="Outputs">Small facts about the result (<see cref="JobOutputs"/>).</param>
/// <param name="StartedAt">UTC start.</param>
/// <param name="FinishedAt">UTC end, null while running.</param>
/// <param name="Version">Grows with every change, so watchers can skip repeats.</param>
public sealed record JobSnapshot(
    string Id,
    string Kind,
    string Target,
    string? Team,
    string Environment,
    string UserName,
    JobState State,
    string? Status,
    string? Error,
    IReadOnlyList<JobProgress> Progress,
    IReadOnlyList<string> Log,
    IReadOnlyDictionary<string, string> Outputs,
    DateTime StartedAt,
    DateTime? FinishedAt,
    long Version)
{
    public bool Finished => State != JobState.Running;

    // The names below are those of the first (image) job routes; they stay so clients written
    // against them read every job of the list, whatever its kind.

    /// <summary>Same as <see cref="Target"/>.</summary>
    public string Reference => Target;

    /// <summary>An image job's layers (its <see cref="Progress"/>); empty for other kinds.</summary>
    public IReadOnlyList<JobProgress> Layers => JobKinds.IsImage(Kind) ? Progress : [];

    /// <summary>The build step that failed, as the engine named it.</summary>
    public string? FailedStep => Outputs.GetValueOrDefault(JobOutputs.FailedStep);

    /// <summary>The id of the image a build made.</summary>
    public string? ImageId => Outputs.GetValueOrDefault(JobOutputs.ImageId);
}
