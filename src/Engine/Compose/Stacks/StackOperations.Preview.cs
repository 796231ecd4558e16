using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

public sealed partial class StackOperations
{
    /// <summary>
    /// What <c>up</c> would do if <paramref name="files"/> and <paramref name="env"/> (the editor's unsaved text, every file)
    /// were saved, after the same admission checks as <see cref="PlanAsync(Actor, string, PlanOptions?, CancellationToken)"/>; changes nothing.
    /// </summary>
    /// <exception cref="OperationFailedException">Not found when the actor may not see the stack; invalid with the located errors when the files do not load.</exception>
    public async Task<ComposePlan> PreviewPlanAsync(Actor actor, string name, IReadOnlyList<ComposeFile> files, string env, PlanOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var (stack, _) = await ResolveAsync(actor, name, cancellationToken).ConfigureAwait(false);
        if (stack is null)
        {
            throw OperationFailedException.Invalid($"Stack '{name}' is not saved yet; save it to see its plan.");
        }

        Require(actor, stack, operate: false);
        var (project, source, paths) = LoadFiles(name, files, env ?? "", "The files do not load");
        var context = new Execution.ComposeRunContext(actor, stack.Team, WorkingDir(name), paths, source);
        var prepared = await PrepareAsync(actor, project, context, options ?? PlanOptions.Default, cancellationToken).ConfigureAwait(false);
        return prepared.Plan;
    }
}
