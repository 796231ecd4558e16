namespace Portal.Engine.Jobs;

/// <summary>
/// One progress item of a job: a layer of a pull or push (bytes done of total), or one step of a stack action
/// (which object reached which state). Kinds to come use it the same way (a synced object, a rolled-out task).
/// </summary>
/// <param name="Id">What the item is about: a layer id, a plan resource such as <c>service:web:1</c>.</param>
/// <param name="Status">Short state in the engine's or the planner's words: Downloading, Pull complete, created, started…</param>
/// <param name="Current">Units done in the current phase (bytes for layers), 0 when not counted.</param>
/// <param name="Total">Units of the current phase, 0 when unknown.</param>
/// <param name="Done">True once the item needs nothing more.</param>
/// <param name="Message">A line for a person, when the status alone does not say it.</param>
/// <param name="Group">What the item belongs to (a stack's service), when it belongs to something.</param>
/// <param name="Time">When it was reported (UTC), when the kind records it.</param>
public sealed record JobProgress(
    string Id,
    string Status,
    long Current = 0,
    long Total = 0,
    bool Done = false,
    string? Message = null,
    string? Group = null,
    DateTime? Time = null)
{
    /// <summary>Percent of the current phase (100 when done, 0 when the size is unknown).</summary>
    public double Percent => PercentOf(Current, Total, Done);

    /// <summary>Percent of a phase: 100 when done, 0 when the size is unknown.</summary>
    public static double PercentOf(long current, long total, bool done) =>
        done ? 100 : total > 0 ? Math.Clamp(100.0 * current / total, 0, 100) : 0;
}
