using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Containers;

/// <summary>
/// Everything Portal does to containers: reads from the catalog (<see cref="ContainerQueries"/>), changes to
/// existing ones (<see cref="ContainerChanges"/>) and runs (<see cref="ContainerRuns"/>). The changes take the
/// pipeline (access → admission → quota → resource layer → audit); the engine is written only by the resource layer.
/// </summary>
public sealed class ContainerOperations(ContainerQueries queries, ContainerChanges changes, ContainerRuns runs) : IContainerOperations
{
    public Task<PagedResult<ContainerSummary>> ListAsync(Actor actor, ContainerListRequest request, CancellationToken cancellationToken) =>
        queries.ListAsync(actor, request, cancellationToken);

    public Task<ContainerDetails> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken) =>
        queries.GetAsync(actor, idOrName, cancellationToken);

    public Task<ContainerSummary> RunAsync(Actor actor, RunContainerRequest request, CancellationToken cancellationToken) =>
        runs.RunAsync(actor, request, cancellationToken);

    public Task StartAsync(Actor actor, string idOrName, CancellationToken cancellationToken) =>
        changes.StartAsync(actor, idOrName, cancellationToken);

    public Task StopAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken) =>
        changes.StopAsync(actor, idOrName, timeoutSeconds, cancellationToken);

    public Task RestartAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken) =>
        changes.RestartAsync(actor, idOrName, timeoutSeconds, cancellationToken);

    public Task KillAsync(Actor actor, string idOrName, string? signal, CancellationToken cancellationToken) =>
        changes.KillAsync(actor, idOrName, signal, cancellationToken);

    public Task RemoveAsync(Actor actor, string idOrName, bool force, CancellationToken cancellationToken) =>
        changes.RemoveAsync(actor, idOrName, force, cancellationToken);

    public Task AssignTeamAsync(Actor actor, string idOrName, string? team, CancellationToken cancellationToken) =>
        changes.AssignTeamAsync(actor, idOrName, team, cancellationToken);
}
