using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Reads and writes the volume part of the catalog.</summary>
/// <remarks>Writers are serialized by the Engine's volume catalog sync, so inserts never race.</remarks>
public sealed class CatalogVolumeStore(IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>
    /// Makes the catalog match a full engine listing: upserts every volume (keeping its measured
    /// size) and deletes those the engine no longer has. Returns how many records changed.
    /// </summary>
    public async Task<int> SyncAsync(int endpointId, IReadOnlyList<CatalogVolumeSnapshot> live, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(live);
        using var db = factory.CreateDbContext();
        var existing = await db.Volumes.Where(v => v.EndpointId == endpointId)
            .ToDictionaryAsync(v => v.Name, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var liveNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in live)
        {
            if (!liveNames.Add(s.Name))
            {
                continue;
            }

            if (!existing.TryGetValue(s.Name, out var row))
            {
                row = new CatalogVolume { EndpointId = endpointId, Name = s.Name };
                db.Volumes.Add(row);
            }
            else if (row.Driver == s.Driver && row.Scope == s.Scope && row.Mountpoint == s.Mountpoint && row.Team == s.Team
                && row.Owner == s.Owner && row.CreatedAt == s.CreatedAt)
            {
                continue;
            }

            row.Driver = s.Driver;
            row.Scope = s.Scope;
            row.Mountpoint = s.Mountpoint;
            row.Team = s.Team;
            row.Owner = s.Owner;
            row.CreatedAt = s.CreatedAt;
            row.UpdatedAt = now;
        }

        db.Volumes.RemoveRange(existing.Values.Where(v => !liveNames.Contains(v.Name)));
        return await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes measured sizes (by volume name); volumes the measurement does not name keep theirs. Returns how many rows changed.</summary>
    public async Task<int> SetSizesAsync(int endpointId, IReadOnlyDictionary<string, long> sizes, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        using var db = factory.CreateDbContext();
        var rows = await db.Volumes.Where(v => v.EndpointId == endpointId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var changed = 0;
        foreach (var row in rows)
        {
            if (sizes.TryGetValue(row.Name, out var size))
            {
                changed += row.Size == size ? 0 : 1;
                row.Size = size;
                row.SizeAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>Every volume of the endpoint, by name.</summary>
    public async Task<IReadOnlyList<CatalogVolume>> ListAsync(int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Volumes.AsNoTracking().Where(v => v.EndpointId == endpointId).OrderBy(v => v.Name)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One volume by name, or null.</summary>
    public async Task<CatalogVolume?> FindAsync(int endpointId, string name, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Volumes.AsNoTracking().FirstOrDefaultAsync(v => v.EndpointId == endpointId && v.Name == name, cancellationToken).ConfigureAwait(false);
    }
}
