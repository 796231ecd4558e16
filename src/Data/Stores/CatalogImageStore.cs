using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Reads and writes the image half of the catalog.</summary>
/// <remarks>Writers are serialized by the Engine's image catalog sync, so inserts never race.</remarks>
public sealed class CatalogImageStore(IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = CatalogStore.MaxPageSize;

    /// <summary>
    /// Makes the catalog match a full engine listing: upserts every image and deletes those the
    /// engine no longer has. Rows that did not change are not written. Returns how many records changed.
    /// </summary>
    public async Task<int> SyncAsync(int endpointId, IReadOnlyList<CatalogImageSnapshot> live, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(live);
        using var db = factory.CreateDbContext();
        var existing = await db.Images.Where(i => i.EndpointId == endpointId)
            .ToDictionaryAsync(i => i.ImageId, cancellationToken).ConfigureAwait(false);
        var liveIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in live)
        {
            if (!liveIds.Add(snapshot.ImageId))
            {
                continue;
            }

            if (!existing.TryGetValue(snapshot.ImageId, out var row))
            {
                row = new CatalogImage { EndpointId = endpointId, ImageId = snapshot.ImageId };
                db.Images.Add(row);
            }

            Apply(row, snapshot, now);
        }

        db.Images.RemoveRange(existing.Values.Where(i => !liveIds.Contains(i.ImageId)));
        return await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records that a member of <paramref name="team"/> pulled the image. The first puller keeps
    /// it: pulling an image someone already owns changes nothing.
    /// </summary>
    public async Task RecordPullAsync(int endpointId, CatalogImageSnapshot snapshot, string team, string pulledBy, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var db = factory.CreateDbContext();
        var row = await db.Images.FirstOrDefaultAsync(i => i.EndpointId == endpointId && i.ImageId == snapshot.ImageId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new CatalogImage { EndpointId = endpointId, ImageId = snapshot.ImageId };
            db.Images.Add(row);
            Apply(row, snapshot, now);
        }

        if (row.PulledByTeam is null)
        {
            row.PulledByTeam = team;
            row.PulledBy = pulledBy;
            row.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves <paramref name="tag"/> to the front of its image's tags, so the list and the image page
    /// name the image by it: Portal calls this with the reference a person pulled or built. Returns
    /// false when no image of the environment has that tag (a pull by digest) or it is first already.
    /// </summary>
    public async Task<bool> PreferTagAsync(int endpointId, string tag, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        using var db = factory.CreateDbContext();
        var separator = CatalogImage.TagSeparator.ToString();
        var padded = separator + tag + separator;
        var row = await db.Images
            .FirstOrDefaultAsync(i => i.EndpointId == endpointId && (separator + i.Tags + separator).Contains(padded), cancellationToken)
            .ConfigureAwait(false);
        var tags = row is null ? [] : SplitTags(row.Tags);
        if (row is null || tags[0] == tag)
        {
            return false;
        }

        row.Tags = string.Join(CatalogImage.TagSeparator, tags.Where(t => t != tag).Prepend(tag));
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>One image by full id, or null.</summary>
    public async Task<CatalogImage?> FindAsync(int endpointId, string imageId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.EndpointId == endpointId && i.ImageId == imageId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ids of dangling images a member of one of <paramref name="teams"/> pulled and no team label
    /// claims: a non-admin's prune may remove these as well as its teams' labelled ones.
    /// </summary>
    public async Task<IReadOnlyList<string>> DanglingPulledByAsync(int endpointId, IReadOnlyCollection<string> teams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var lowered = teams.Select(t => t.ToLowerInvariant()).ToList();
        using var db = factory.CreateDbContext();
        return await db.Images.AsNoTracking()
            .Where(i => i.EndpointId == endpointId && i.Tags == "" && i.Team == null && i.PulledByTeam != null && lowered.Contains(i.PulledByTeam.ToLower()))
            .OrderBy(i => i.ImageId)
            .Take(MaxPageSize)
            .Select(i => i.ImageId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a page of images matching <paramref name="query"/>, each with its container counts, in one SQL query (plus the count).</summary>
    public Task<Page<CatalogImageRow>> QueryAsync(int endpointId, ImageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return QueryAsync([new EndpointScope(endpointId, query.Teams)], query, cancellationToken);
    }

    /// <summary>
    /// Reads a page of images of several environments in one query, each narrowed to its own teams
    /// (<see cref="ImageQuery.Teams"/> is not used here); a container counts for the image of its own environment only.
    /// </summary>
    public async Task<Page<CatalogImageRow>> QueryAsync(IReadOnlyCollection<EndpointScope> scopes, ImageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(query);
        using var db = factory.CreateDbContext();
        // Another team's labelled image does not exist for the caller; pulled and unowned ones do.
        var visible = db.Containers.Where(c => c.RemovedAt == null).InScopes(scopes);
        var images = db.Images.AsNoTracking().InScopes(scopes);

        if (query.Dangling is { } dangling)
        {
            images = dangling ? images.Where(i => i.Tags == "") : images.Where(i => i.Tags != "");
        }

        // In use means used by a container the caller may see: another team's container on a shared
        // base image must not flip the flag, the filter or the total for anyone else.
        if (query.InUse is { } inUse)
        {
            images = inUse
                ? images.Where(i => visible.Any(c => c.ImageId == i.ImageId && c.EndpointId == i.EndpointId))
                : images.Where(i => !visible.Any(c => c.ImageId == i.ImageId && c.EndpointId == i.EndpointId));
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToLowerInvariant();
            images = images.Where(i => i.Tags.ToLower().Contains(text) || i.ImageId.Contains(text)
                || (i.Team != null && i.Team.ToLower().Contains(text)) || (i.PulledByTeam != null && i.PulledByTeam.ToLower().Contains(text)));
        }

        var total = await images.CountAsync(cancellationToken).ConfigureAwait(false);
        images = (query.Sort, query.Descending) switch
        {
            ("tags", false) => images.OrderBy(i => i.Tags == "").ThenBy(i => i.Tags).ThenBy(i => i.ImageId),
            ("tags", true) => images.OrderBy(i => i.Tags == "").ThenByDescending(i => i.Tags).ThenBy(i => i.ImageId),
            ("size", false) => images.OrderBy(i => i.Size).ThenBy(i => i.ImageId),
            ("size", true) => images.OrderByDescending(i => i.Size).ThenBy(i => i.ImageId),
            ("team", false) => images.OrderBy(i => i.Team ?? i.PulledByTeam).ThenBy(i => i.ImageId),
            ("team", true) => images.OrderByDescending(i => i.Team ?? i.PulledByTeam).ThenBy(i => i.ImageId),
            ("created", false) => images.OrderBy(i => i.CreatedAt).ThenBy(i => i.ImageId),
            _ => images.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.ImageId),
        };
        var rows = await images.Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 0, MaxPageSize))
            .Select(i => new
            {
                Image = i,
                Visible = visible.Count(c => c.ImageId == i.ImageId && c.EndpointId == i.EndpointId),
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Page<CatalogImageRow>(rows.Select(r => new CatalogImageRow(r.Image, r.Visible)).ToList(), total);
    }

    /// <summary>Splits the stored tag list.</summary>
    public static IReadOnlyList<string> SplitTags(string tags) =>
        tags.Length == 0 ? [] : tags.Split(CatalogImage.TagSeparator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The engine lists an image's tags alphabetically and keeps no history of them, so the catalog
    /// keeps the order: tags it knew stay where they were, tags new to it follow (alphabetically among
    /// themselves). With <see cref="PreferTagAsync"/> putting a pulled or built reference first, the
    /// first tag is the one the person pulled or built, else the oldest tag Portal saw.
    /// </summary>
    public static IEnumerable<string> OrderTags(string stored, IReadOnlyCollection<string> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var kept = SplitTags(stored ?? "").Where(live.Contains).ToList();
        return kept.Concat(live.Except(kept, StringComparer.Ordinal).Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal);
    }

    private static void Apply(CatalogImage row, CatalogImageSnapshot s, DateTime now)
    {
        var tags = string.Join(CatalogImage.TagSeparator, OrderTags(row.Tags, s.Tags));
        // A resync rewrites nothing that did not change, so restarts and event bursts stay cheap.
        if (row.RowId != 0 && row.Tags == tags && row.Size == s.Size && row.CreatedAt == s.CreatedAt && row.Team == s.Team && row.Owner == s.Owner)
        {
            return;
        }

        row.Tags = tags;
        row.Size = s.Size;
        row.CreatedAt = s.CreatedAt;
        row.Team = s.Team;
        row.Owner = s.Owner;
        row.UpdatedAt = now;
    }
}
