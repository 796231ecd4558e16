using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Reads and writes the network part of the catalog.</summary>
/// <remarks>Writers are serialized by the Engine's network catalog sync, so inserts never race.</remarks>
public sealed class CatalogNetworkStore(IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>
    /// Makes the catalog match a full engine listing: upserts every network and deletes those the
    /// engine no longer has. Rows that did not change are not written. Returns how many records changed.
    /// </summary>
    public async Task<int> SyncAsync(int endpointId, IReadOnlyList<CatalogNetworkSnapshot> live, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(live);
        using var db = factory.CreateDbContext();
        var existing = await db.Networks.Where(n => n.EndpointId == endpointId)
            .ToDictionaryAsync(n => n.NetworkId, cancellationToken).ConfigureAwait(false);
        var liveIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in live)
        {
            if (!liveIds.Add(snapshot.NetworkId))
            {
                continue;
            }

            if (!existing.TryGetValue(snapshot.NetworkId, out var row))
            {
                row = new CatalogNetwork { EndpointId = endpointId, NetworkId = snapshot.NetworkId, Name = snapshot.Name };
                db.Networks.Add(row);
            }

            Apply(row, snapshot, now);
        }

        db.Networks.RemoveRange(existing.Values.Where(n => !liveIds.Contains(n.NetworkId)));
        return await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every network of the endpoint, by name.</summary>
    public async Task<IReadOnlyList<CatalogNetwork>> ListAsync(int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Networks.AsNoTracking().Where(n => n.EndpointId == endpointId).OrderBy(n => n.Name)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Apply(CatalogNetwork row, CatalogNetworkSnapshot s, DateTime now)
    {
        // A resync rewrites nothing that did not change, so event bursts stay cheap.
        if (row.RowId != 0 && row.Name == s.Name && row.Driver == s.Driver && row.Scope == s.Scope && row.Subnet == s.Subnet
            && row.Gateway == s.Gateway && row.Internal == s.Internal && row.Attachable == s.Attachable && row.IPv6 == s.IPv6
            && row.Team == s.Team && row.Owner == s.Owner && row.Shared == s.Shared && row.CreatedAt == s.CreatedAt)
        {
            return;
        }

        row.Name = s.Name;
        row.Driver = s.Driver;
        row.Scope = s.Scope;
        row.Subnet = s.Subnet;
        row.Gateway = s.Gateway;
        row.Internal = s.Internal;
        row.Attachable = s.Attachable;
        row.IPv6 = s.IPv6;
        row.Team = s.Team;
        row.Owner = s.Owner;
        row.Shared = s.Shared;
        row.CreatedAt = s.CreatedAt;
        row.UpdatedAt = now;
    }
}
