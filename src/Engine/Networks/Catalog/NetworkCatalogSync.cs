using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Labels;

namespace Portal.Engine.Networks.Catalog;

/// <summary>
/// Keeps the network part of the catalog in step with the engine. Every write goes through here,
/// one at a time, so the events watcher and an operation's immediate refresh never race.
/// </summary>
/// <remarks>An engine holds few networks and one list call returns them all, so any network event costs one full list.</remarks>
public sealed class NetworkCatalogSync(
    EngineConnection connection,
    EngineContext engine,
    CatalogNetworkStore store,
    CatalogNotifier notifier,
    TimeProvider time,
    ILogger<NetworkCatalogSync> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Lists the engine's networks and makes the catalog match; returns how many rows changed.</summary>
    public async Task<int> ResyncAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var networks = await connection.Client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken).ConfigureAwait(false);
            var live = networks.Select(ToSnapshot).ToList();
            var changed = await store.SyncAsync(engine.EndpointId, live, now, cancellationToken).ConfigureAwait(false);
            NetworkCatalogLog.Resynced(logger, live.Count, changed);
            if (changed > 0)
            {
                notifier.NotifyNetworksChanged();
            }

            return changed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After an operation changed networks: resync now so the list shows it at once. A failure is logged, not thrown.</summary>
    public async Task RefreshAfterChangeAsync()
    {
        try
        {
            await ResyncAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            NetworkCatalogLog.RefreshFailed(logger, ex);
        }
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
