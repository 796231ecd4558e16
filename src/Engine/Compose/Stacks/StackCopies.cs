using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// Copies a stack's saved files to another environment as a new stack there (its first revision), without
/// deploying it: the person reviews the target's plan and runs up there when ready.
/// </summary>
public sealed class StackCopies(StackAccess access, StackStore stacks, StackRevisions revisions, Engines engines)
{
    /// <summary>
    /// The stack <paramref name="name"/> of the current environment, saved on <paramref name="environment"/> as
    /// <paramref name="newName"/> (default: the same name). Not found when the source or the target is not the actor's
    /// to see; name taken when the target has a stack of that name; forbidden when the actor cannot change the stack
    /// here or operate its team there.
    /// </summary>
    public async Task<StackSaveResult> CopyAsync(Actor actor, string name, string environment, string? newName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (stack, _) = await access.ResolveAsync(actor, name, cancellationToken).ConfigureAwait(false);
        if (stack is null)
        {
            throw OperationFailedException.Invalid($"Stack '{name}' has no saved files to copy; adopt it first.");
        }

        // Copying makes a stack of this team: only who may change the stack here may copy it.
        StackAccess.Require(actor, stack, operate: true);
        var revision = await stacks.RevisionAsync(stack.Id, null, cancellationToken).ConfigureAwait(false)
            ?? throw OperationFailedException.Invalid($"Stack '{name}' has no saved files to copy.");
        // An environment the actor may not use does not exist for them, exactly like an unknown one.
        if (string.IsNullOrWhiteSpace(environment) || !engines.TryGet(environment.Trim(), out var target) || target.Id <= 0 || !actor.MayUse(target.Id))
        {
            throw OperationFailedException.NotFound("environment", environment ?? "");
        }

        var targetName = string.IsNullOrWhiteSpace(newName) ? stack.Name : newName.Trim();
        var source = engines.NameOf(stack.EndpointId) ?? engines.Current.Name;
        var there = actor.In(target.Id);
        if (stack.Team is { } team && !there.CanOperate(team))
        {
            throw OperationFailedException.Forbidden($"You cannot operate team '{team}' on environment '{target.Name}', so the stack cannot be copied there.");
        }

        using var scope = Engines.Use(target);
        if (await stacks.FindAsync(target.Id, targetName, cancellationToken).ConfigureAwait(false) is not null)
        {
            // Saving would add a revision to the stack already there; a copy only ever makes a new one.
            throw OperationFailedException.NameTaken("stack", targetName);
        }

        return await revisions.SaveAsync(there, new SaveStackRequest
        {
            Name = targetName,
            Files = StackAccess.Files(revision),
            Env = revision.Env,
            Team = stack.Team,
            Comment = $"copied from {source}/{stack.Name} revision {revision.Number}",
        }, cancellationToken).ConfigureAwait(false);
    }
}
