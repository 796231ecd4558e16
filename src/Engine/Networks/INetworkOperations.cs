using Portal.Engine.Pipeline;

namespace Portal.Engine.Networks;

/// <summary>Everything Portal does to networks, on behalf of an <see cref="Actor"/>.</summary>
/// <remarks>Failures are <see cref="OperationFailedException"/>s whose messages are fit to show.</remarks>
public interface INetworkOperations
{
    /// <summary>Networks the actor may see: their teams', shared ones and the built-in ones.</summary>
    Task<IReadOnlyList<NetworkSummary>> ListAsync(Actor actor, CancellationToken cancellationToken);

    Task<NetworkDetails> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken);

    Task<NetworkSummary> CreateAsync(Actor actor, CreateNetworkRequest request, CancellationToken cancellationToken);

    Task ConnectAsync(Actor actor, string network, ConnectNetworkRequest request, CancellationToken cancellationToken);

    Task DisconnectAsync(Actor actor, string network, string container, bool force, CancellationToken cancellationToken);

    /// <summary>Removes a network; refused while containers are attached, naming them.</summary>
    Task RemoveAsync(Actor actor, string idOrName, CancellationToken cancellationToken);

    /// <summary>Removes unused networks: all of them for admins, the actor's teams' otherwise.</summary>
    Task<PruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken);
}
