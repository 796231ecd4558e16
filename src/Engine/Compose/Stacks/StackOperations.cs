using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// Compose stacks on behalf of an actor, in one place for the REST routes, the stack pages and tests: each call
/// is handed to the class that does it — <see cref="StackRevisions"/> (files, revisions, adoption),
/// <see cref="StackPlans"/> (config and plans), <see cref="StackImages"/> (pull, build), <see cref="StackDeployment"/>
/// (up) and <see cref="StackLifecycle"/> (start, stop, restart, scale, rm, down).
/// </summary>
public sealed class StackOperations(StackAccess access, StackRevisions revisions, StackCopies copies, StackPlans plans, StackImages images, StackDeployment deployment, StackLifecycle lifecycle)
{
    /// <inheritdoc cref="StackRevisions.ListAsync"/>
    public Task<IReadOnlyList<StackSummary>> ListAsync(Actor actor, CancellationToken cancellationToken) => revisions.ListAsync(actor, cancellationToken);

    /// <inheritdoc cref="StackRevisions.ListEverywhereAsync"/>
    public Task<IReadOnlyList<StackSummary>> ListEverywhereAsync(Actor actor, CancellationToken cancellationToken) => revisions.ListEverywhereAsync(actor, cancellationToken);

    /// <inheritdoc cref="StackCopies.CopyAsync"/>
    public Task<StackSaveResult> CopyAsync(Actor actor, string name, string environment, string? newName, CancellationToken cancellationToken) =>
        copies.CopyAsync(actor, name, environment, newName, cancellationToken);

    /// <inheritdoc cref="StackRevisions.GetAsync"/>
    public Task<StackDetails> GetAsync(Actor actor, string name, CancellationToken cancellationToken) => revisions.GetAsync(actor, name, cancellationToken);

    /// <inheritdoc cref="StackAccess.Validate"/>
    public IReadOnlyList<ComposeError> Validate(string name, IReadOnlyList<ComposeFile> files, string env) => access.Validate(name, files, env);

    /// <inheritdoc cref="StackRevisions.SaveAsync"/>
    public Task<StackSaveResult> SaveAsync(Actor actor, SaveStackRequest request, CancellationToken cancellationToken) => revisions.SaveAsync(actor, request, cancellationToken);

    /// <inheritdoc cref="StackRevisions.RevisionsAsync"/>
    public Task<IReadOnlyList<StackRevisionInfo>> RevisionsAsync(Actor actor, string name, CancellationToken cancellationToken) => revisions.RevisionsAsync(actor, name, cancellationToken);

    /// <inheritdoc cref="StackRevisions.RollBackAsync"/>
    public Task<StackSaveResult> RollBackAsync(Actor actor, string name, int number, CancellationToken cancellationToken) => revisions.RollBackAsync(actor, name, number, cancellationToken);

    /// <inheritdoc cref="StackRevisions.AdoptAsync"/>
    public Task<StackSummary> AdoptAsync(Actor actor, string name, string team, CancellationToken cancellationToken) => revisions.AdoptAsync(actor, name, team, cancellationToken);

    /// <inheritdoc cref="StackPlans.ConfigAsync"/>
    public Task<string> ConfigAsync(Actor actor, string name, CancellationToken cancellationToken) => plans.ConfigAsync(actor, name, cancellationToken);

    /// <inheritdoc cref="StackPlans.PlanAsync(Actor, string, PlanOptions?, CancellationToken)"/>
    public Task<ComposePlan> PlanAsync(Actor actor, string name, PlanOptions? options, CancellationToken cancellationToken) => plans.PlanAsync(actor, name, options, cancellationToken);

    /// <inheritdoc cref="StackPlans.PreviewPlanAsync"/>
    public Task<ComposePlan> PreviewPlanAsync(Actor actor, string name, IReadOnlyList<ComposeFile> files, string env, PlanOptions? options, CancellationToken cancellationToken) =>
        plans.PreviewPlanAsync(actor, name, files, env, options, cancellationToken);

    /// <inheritdoc cref="StackImages.PullAsync"/>
    public Task<StackActionResult> PullAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) => images.PullAsync(actor, name, progress, cancellationToken);

    /// <inheritdoc cref="StackImages.BuildAsync"/>
    public Task<StackActionResult> BuildAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) => images.BuildAsync(actor, name, progress, cancellationToken);

    /// <inheritdoc cref="StackDeployment.UpAsync"/>
    public Task<StackActionResult> UpAsync(Actor actor, string name, ComposeUpOptions options, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        deployment.UpAsync(actor, name, options, progress, cancellationToken);

    /// <inheritdoc cref="StackLifecycle.ScaleAsync"/>
    public Task<StackActionResult> ScaleAsync(Actor actor, string name, string service, int replicas, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        lifecycle.ScaleAsync(actor, name, service, replicas, progress, cancellationToken);

    /// <inheritdoc cref="StackLifecycle.DownAsync"/>
    public Task<StackActionResult> DownAsync(Actor actor, string name, bool removeVolumes, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        lifecycle.DownAsync(actor, name, removeVolumes, progress, cancellationToken);

    /// <inheritdoc cref="StackLifecycle.RemoveContainersAsync"/>
    public Task<StackActionResult> RemoveContainersAsync(Actor actor, string name, bool stop, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        lifecycle.RemoveContainersAsync(actor, name, stop, progress, cancellationToken);

    /// <inheritdoc cref="StackLifecycle.StartAsync"/>
    public Task<StackActionResult> StartAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) => lifecycle.StartAsync(actor, name, progress, cancellationToken);

    /// <inheritdoc cref="StackLifecycle.StopAsync"/>
    public Task<StackActionResult> StopAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) => lifecycle.StopAsync(actor, name, progress, cancellationToken);

    /// <inheritdoc cref="StackLifecycle.RestartAsync"/>
    public Task<StackActionResult> RestartAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) => lifecycle.RestartAsync(actor, name, progress, cancellationToken);

    /// <inheritdoc cref="StackAccess.EnsureCanChangeAsync"/>
    public Task<string?> EnsureCanChangeAsync(Actor actor, string name, CancellationToken cancellationToken) => access.EnsureCanChangeAsync(actor, name, cancellationToken);

    /// <inheritdoc cref="StackLifecycle.EnsureCanChangeAsync"/>
    public Task<string?> EnsureCanChangeAsync(Actor actor, string name, string action, CancellationToken cancellationToken) => lifecycle.EnsureCanChangeAsync(actor, name, action, cancellationToken);
}
