using System.Runtime.CompilerServices;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Jobs;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// A stack job in the shape the stack routes and page have always used: a view of the job's
/// <see cref="JobSnapshot"/>, whose progress items are the action's events.
/// </summary>
/// <param name="Id">Job id.</param>
/// <param name="Stack">The stack (compose project) it acts on.</param>
/// <param name="Action">up, down, start, stop, restart, scale, pull or build.</param>
/// <param name="User">Who started it.</param>
/// <param name="State">"running", then "succeeded", "failed" or "cancelled".</param>
/// <param name="Events">What happened to which object, oldest first (the newest ones, bounded).</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Result">What it did, once it succeeded.</param>
/// <param name="StartedAt">UTC start.</param>
/// <param name="FinishedAt">UTC end, null while running.</param>
/// <param name="Version">Grows with every change.</param>
public sealed record StackJobSnapshot(string Id, string Stack, string Action, string User, string State, IReadOnlyList<ComposeEvent> Events,
    string? Error, StackActionResult? Result, DateTime StartedAt, DateTime? FinishedAt, long Version)
{
    public const string Running = "running";

    public const string Succeeded = "succeeded";

    public const string Failed = "failed";

    public const string Cancelled = "cancelled";

    public bool Finished => State != Running;

    // One view per snapshot, made once: every watcher and reader of that moment shares it.
    private static readonly ConditionalWeakTable<JobSnapshot, StackJobSnapshot> s_views = [];

    /// <summary>The stack view of <paramref name="job"/>.</summary>
    public static StackJobSnapshot From(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return s_views.GetValue(job, Create);
    }

    private static StackJobSnapshot Create(JobSnapshot job)
    {
        var action = JobKinds.StackAction(job.Kind);
        var result = job.State == JobState.Succeeded
            ? new StackActionResult(job.Target, action, job.Outputs.GetValueOrDefault(JobOutputs.Plan), job.Outputs.GetValueOrDefault(JobOutputs.Report) ?? "")
            : null;
        return new StackJobSnapshot(job.Id, job.Target, action, job.UserName, StateOf(job.State),
            [.. job.Progress.Select(p => new ComposeEvent(p.Time ?? job.StartedAt, p.Id, p.Group, p.Status, p.Message ?? ""))],
            job.Error, result, job.StartedAt, job.FinishedAt, job.Version);
    }

    private static string StateOf(JobState state) => state switch
    {
        JobState.Running => Running,
        JobState.Succeeded => Succeeded,
        JobState.Failed => Failed,
        _ => Cancelled,
    };
}
