namespace Portal.Engine.Jobs;

/// <summary>
/// Bounds of the job system (section <c>Portal:Jobs</c>), the same for every kind. Jobs live in memory:
/// a finished job stays readable (a page re-attaches, an API client reads the outcome back) until
/// <see cref="MaxFinishedJobs"/> newer ones finished or it is older than <see cref="FinishedJobRetention"/>,
/// whichever comes first; running jobs are never dropped. A job's own state is bounded too, so a long
/// or chatty job costs the same memory as a short one.
/// </summary>
public sealed class JobOptions
{
    /// <summary>Finished jobs kept, newest first (100): enough for a team's recent work, small enough to list at once.</summary>
    public int MaxFinishedJobs { get; set; } = 100;

    /// <summary>How long a finished job stays readable (24 hours): a day's work can be looked up, nothing older.</summary>
    public TimeSpan FinishedJobRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Progress items kept per job (1,000): layers past it are not shown, the oldest stack events are dropped.</summary>
    public int MaxProgressItems { get; set; } = 1_000;

    /// <summary>Log lines kept per job (5,000); older lines are dropped first.</summary>
    public int MaxLogLines { get; set; } = 5_000;

    /// <summary>Characters kept of one log line (4,096); a longer line is cut and ends with "…".</summary>
    public int MaxLogLineLength { get; set; } = 4_096;
}
