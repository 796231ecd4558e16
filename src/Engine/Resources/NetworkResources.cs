using Docker.DotNet.Models;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Runner;
namespace Portal.Engine.Resources;

/// <summary>
/// The only writer of networks and attachments. Callers have done access and admission; this makes the
/// engine call, refusing to remove a network Portal's own container is attached to or to disconnect
/// Portal's own container (<see cref="SelfProtection"/>). After each change it writes the catalog, so a
/// list read right after it is right without waiting for the events stream.
/// </summary>
public sealed class NetworkResources(Engines engines, SelfProtection self, NetworkCatalogSync catalog, ContainerCatalogUpdates containers)
{
    /// <summary>Creates a network under a name no other network holds (<see cref="NetworkCreation"/>); returns its id.</summary>
    public async Task<string> CreateAsync(AdmittedOperation operation, NetworksCreateParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var id = await NetworkCreation.CreateAsync(engines.Current.Client, parameters, cancellationToken).ConfigureAwait(false);
        await catalog.RefreshAfterChangeAsync().ConfigureAwait(false);
        return id;
    }

    /// <summary>Refuses (409, naming the rule) when Portal's own container is attached to the network; for callers that check before their own in-use checks.</summary>
    public Task EnsureMayRemoveAsync(string idOrName, CancellationToken cancellationToken) =>
        self.EnsureNotOwnNetworkAsync(idOrName, "remove", cancellationToken);

    /// <summary>Removes a network (by id or name) unless Portal's own container is attached to it.</summary>
    public async Task RemoveAsync(AdmittedOperation operation, string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await EnsureMayRemoveAsync(idOrName, cancellationToken).ConfigureAwait(false);
        await engines.Current.Client.Networks.DeleteNetworkAsync(idOrName, cancellationToken).ConfigureAwait(false);
        await catalog.RefreshAfterChangeAsync().ConfigureAwait(false);
    }

    /// <summary>Connects a container to a network.</summary>
    public async Task ConnectAsync(AdmittedOperation operation, string network, string containerId, EndpointSettings? endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await engines.Current.Client.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters { Container = containerId, EndpointConfig = endpoint! }, cancellationToken).ConfigureAwait(false);
        await containers.RefreshAsync([containerId]).ConfigureAwait(false);
    }

    /// <summary>Disconnects a container from a network, unless it is Portal's own container.</summary>
    public async Task DisconnectAsync(AdmittedOperation operation, string network, string containerId, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await self.EnsureNoneAsync([containerId], "disconnect", cancellationToken).ConfigureAwait(false);
        await engines.Current.Client.Networks.DisconnectNetworkAsync(network, new NetworkDisconnectParameters { Container = containerId, Force = force }, cancellationToken).ConfigureAwait(false);
        await containers.RefreshAsync([containerId]).ConfigureAwait(false);
    }

    /// <summary>Removes unused networks matching <paramref name="filters"/> (null: all); a network in use, Portal's included, is never among them.</summary>
    public async Task<IList<string>> PruneAsync(AdmittedOperation operation, IDictionary<string, IDictionary<string, bool>>? filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var result = await engines.Current.Client.Networks.PruneNetworksAsync(new NetworksDeleteUnusedParameters { Filters = filters! }, cancellationToken).ConfigureAwait(false);
        await catalog.RefreshAfterChangeAsync().ConfigureAwait(false);
        return result.NetworksDeleted ?? [];
    }
}
