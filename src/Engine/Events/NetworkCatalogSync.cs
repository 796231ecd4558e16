using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Labels;

namespace Portal.Engine.Events;

/// <summary>
/// Keeps the network part of the catalog in step with the engine; every write goes through here, one at a time.
/// </summary>
/// <remarks>An engine holds few networks and one list call returns them all, so any network event costs one full list.</remarks>
public sealed class NetworkCatalogSync(
    Engines engines,
    CatalogNetworkStore store,
    CatalogNotifier notifier,
    TimeProvider time,
    ILogger<NetworkCatalogSync> logger) : SerializedCatalogSync(logger)
{
    protected override async Task<int> ResyncLockedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var networks = await engines.Current.Client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken).ConfigureAwait(false);
        var live = networks.Select(ToSnapshot).ToList();
        var changed = await store.SyncAsync(engines.Current.Id, live, now, cancellationToken).ConfigureAwait(false);
        CatalogSyncLog.Resynced(Logger, "Network", live.Count, changed);
        if (changed > 0)
        {
            notifier.NotifyNetworksChanged();
        }

        return changed;
    }

    /// <summary>The catalog's view of one listed network (pure).</summary>
    public static CatalogNetworkSnapshot ToSnapshot(NetworkResponse n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var labels = n.Labels ?? new Dictionary<string, string>();
        var ipam = n.IPAM?.Config?.FirstOrDefault();
        return new CatalogNetworkSnapshot(
            n.ID,
            n.Name,
            n.Driver ?? "",
            n.Scope ?? "",
            string.IsNullOrEmpty(ipam?.Subnet) ? null : ipam.Subnet,
            string.IsNullOrEmpty(ipam?.Gateway) ? null : ipam.Gateway,
            n.Internal,
            n.Attachable,
            n.EnableIPv6,
            labels.TryGetValue(PortalLabels.Team, out var team) && team.Length > 0 ? team : null,
            labels.TryGetValue(PortalLabels.Owner, out var owner) && owner.Length > 0 ? owner : null,
            labels.TryGetValue(PortalLabels.Shared, out var shared) && shared == "true",
            DateTime.SpecifyKind(n.Created, DateTimeKind.Utc));
    }
}
