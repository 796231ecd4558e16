using Portal.Engine.Compose.Execution;
using Portal.Engine.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// The one way a stack action becomes a job, for the REST routes and the stack page alike: the actor's right
/// to change the stack is checked first (a refusal is the answer, not a failed job), and the job carries the
/// stack's team, so its members follow it as they follow the team's pulls and builds.
/// </summary>
public sealed class StackJobs(JobRegistry jobs, StackLifecycle stacks)
{
    /// <summary>
    /// Checks that <paramref name="actor"/> may change <paramref name="stack"/>, then runs <paramref name="body"/>
    /// in the background as a <c>stack.&lt;action&gt;</c> job; the job's token, not the caller's, cancels it.
    /// </summary>
    /// <exception cref="OperationFailedException">Not found (a stack the actor may not see), forbidden (one it may only look at), conflict
    /// (a stop, restart, down, scale or rm that would touch Portal's own container).</exception>
    public async Task<StackJobSnapshot> StartAsync(Actor actor, string stack, string action,
        Func<IProgress<ComposeEvent>, CancellationToken, Task<StackActionResult>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var team = await stacks.EnsureCanChangeAsync(actor, stack, action, cancellationToken).ConfigureAwait(false);
        var job = jobs.Start(JobKinds.Stack(action), stack, actor, team, async (job, ct) =>
        {
            var result = await body(new EventSink(job), ct).ConfigureAwait(false);
            job.Update(c =>
            {
                c.SetOutput(JobOutputs.Report, result.Report);
                c.SetOutput(JobOutputs.Plan, result.Plan);
            });
        });
        return StackJobSnapshot.From(job.Snapshot);
    }

    /// <summary>A stack job the actor may see; not found otherwise (also for a job of another kind).</summary>
    public StackJobSnapshot Get(Actor actor, string id) => StackJobSnapshot.From(jobs.Get(actor, id, JobKinds.IsStack).Snapshot);

    /// <summary>Asks a running stack job to stop (its starter, an operator of its team, an admin); not found when hidden.</summary>
    public void Cancel(Actor actor, string id) => jobs.Cancel(actor, id, JobKinds.IsStack);

    /// <summary>The stack job's state now and after each change (a slow reader sees the latest), until it ends; not found at once.</summary>
    public IAsyncEnumerable<StackJobSnapshot> WatchAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        jobs.WatchAsync(actor, id, cancellationToken, JobKinds.IsStack).Select(StackJobSnapshot.From);

    /// <summary>Each event of the action is a progress item of its job: the whole history, the oldest dropped past the bound.</summary>
    private sealed class EventSink(Job job) : IProgress<ComposeEvent>
    {
        public void Report(ComposeEvent value)
        {
            ArgumentNullException.ThrowIfNull(value);
            job.Update(c => c.AddProgress(new JobProgress(value.Resource, value.Status, Message: value.Message, Group: value.Service, Time: value.Time)));
        }
    }
}
