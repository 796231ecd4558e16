using Portal.Engine.Pipeline;

namespace Portal.Engine.Containers;

/// <summary>Everything Portal does to containers, on behalf of an <see cref="Actor"/>.</summary>
/// <remarks>Failures are <see cref="OperationFailedException"/>s whose messages are fit to show.</remarks>
public interface IContainerOperations
{
    /// <summary>A page of the containers the actor may see, from the catalog.</summary>
    Task<PagedResult<ContainerSummary>> ListAsync(Actor actor, ContainerListRequest request, CancellationToken cancellationToken);

    /// <summary>Inspects one container.</summary>
    Task<ContainerDetails> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken);

    /// <summary>Creates and starts a container, like <c>docker run -d</c>.</summary>
    Task<ContainerSummary> RunAsync(Actor actor, RunContainerRequest request, CancellationToken cancellationToken);

    Task StartAsync(Actor actor, string idOrName, CancellationToken cancellationToken);

    /// <summary>Stops with SIGTERM, then SIGKILL after <paramref name="timeoutSeconds"/> (engine default when null).</summary>
    Task StopAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken);

    Task RestartAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken);

    Task KillAsync(Actor actor, string idOrName, string? signal, CancellationToken cancellationToken);

    /// <summary>Removes a container and its anonymous volumes; <paramref name="force"/> stops it first.</summary>
    Task RemoveAsync(Actor actor, string idOrName, bool force, CancellationToken cancellationToken);

    /// <summary>Admin only: records which team owns a container created outside Portal.</summary>
    Task AssignTeamAsync(Actor actor, string idOrName, string? team, CancellationToken cancellationToken);
}
