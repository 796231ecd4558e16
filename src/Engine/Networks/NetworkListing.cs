using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Docker;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Networks;

/// <summary>The networks list, served from the catalog (kept in step by the events watcher), never from an engine call per request.</summary>
public sealed class NetworkListing(CatalogNetworkStore networks, ContainerAttachments attachments, Engines engines)
{
    /// <summary>Networks the actor may see, each with the number of its containers the actor may see; built-in ones last.</summary>
    public async Task<IReadOnlyList<NetworkSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await networks.ListAsync(engines.Current.Id, cancellationToken).ConfigureAwait(false);
        // Another team's container on a shared network or bridge is not counted.
        var counts = await attachments.NetworkCountsAsync(actor, cancellationToken).ConfigureAwait(false);
        return rows
            .Where(n => actor.IsAdmin || n.Shared || KnownNetworks.IsBuiltIn(n.Name) || actor.CanSee(n.Team))
            .Select(n => ToSummary(n, counts.GetValueOrDefault(n.NetworkId) + counts.GetValueOrDefault(n.Name)))
            .OrderBy(n => n.BuiltIn ? 1 : 0).ThenBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static NetworkSummary ToSummary(CatalogNetwork n, int containers) =>
        new(n.NetworkId, n.Name, n.Driver, n.Scope, n.Subnet, n.Gateway, n.Internal, n.Attachable, n.IPv6, containers,
            n.Team, n.Owner, n.Shared, KnownNetworks.IsBuiltIn(n.Name), n.CreatedAt);
}
