using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// Deleting a saved stack (its files and revisions), through the pipeline as <c>stack.delete</c>. Only a stack
/// that is down: its containers are never removed as a side effect of forgetting its files (the page offers
/// Down and delete as two steps). The stack's host folder stays, since binds may keep data there.
/// </summary>
public sealed class StackRemoval(StackAccess access, StackStore stacks, OperationRunner runner)
{
    /// <summary>Not found when the actor may not see it; forbidden for viewers; a conflict while containers remain.</summary>
    public Task DeleteAsync(Actor actor, string name, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "stack.delete", name ?? "", async (ctx, ct) =>
        {
            var (stack, summary) = await access.ResolveAsync(actor, name ?? "", ct).ConfigureAwait(false);
            if (stack is null)
            {
                throw OperationFailedException.Invalid($"Stack '{name}' was made outside Portal, which keeps no files of it to delete; take it down to remove its containers.");
            }

            ctx.Team = stack.Team;
            StackAccess.Require(actor, stack, operate: true);
            if (summary.Total > 0)
            {
                throw OperationFailedException.Conflict($"Stack '{name}' still has {summary.Total} container(s); take it down first.");
            }

            await stacks.DeleteAsync(stack.Id, ct).ConfigureAwait(false);
        }, cancellationToken);
}
