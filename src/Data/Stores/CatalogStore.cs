using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Reads and writes the container and image catalog.</summary>
public sealed class CatalogStore(IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = 1000;

    private const int SqliteConstraint = 19;

    /// <summary><c>com.docker.compose.project</c>: the compose project a container belongs to (Data knows no Engine label constants).</summary>
    private const string ComposeProjectLabel = "com.docker.compose.project";

    /// <summary>
    /// Makes the catalog match a full engine listing: upserts every live container and marks
    /// those the engine no longer has as removed. Returns how many records changed.
    /// </summary>
    public Task<int> SyncContainersAsync(int endpointId, IReadOnlyList<CatalogContainerSnapshot> live, DateTime now, CancellationToken cancellationToken) =>
        RetryOnInsertRaceAsync(() => SyncContainersOnceAsync(endpointId, live, now, cancellationToken));

    private async Task<int> SyncContainersOnceAsync(int endpointId, IReadOnlyList<CatalogContainerSnapshot> live, DateTime now, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var existing = await db.Containers.Where(c => c.EndpointId == endpointId && c.RemovedAt == null)
            .ToDictionaryAsync(c => c.ContainerId, cancellationToken).ConfigureAwait(false);
        var liveIds = live.Select(c => c.ContainerId).ToHashSet(StringComparer.Ordinal);
        // Ids the catalog holds only as history: normally none, but a container wrongly marked
        // removed (an event lost in a reconnect) must come back as the same record.
        var unseen = liveIds.Where(id => !existing.ContainsKey(id)).ToList();
        var revived = unseen.Count == 0
            ? []
            : await db.Containers.Where(c => c.EndpointId == endpointId && c.RemovedAt != null && unseen.Contains(c.ContainerId))
                .ToDictionaryAsync(c => c.ContainerId, cancellationToken).ConfigureAwait(false);
        var stackTeams = await StackTeamsAsync(db, endpointId, cancellationToken).ConfigureAwait(false);
        foreach (var snapshot in live)
        {
            if (!existing.TryGetValue(snapshot.ContainerId, out var row) && !revived.TryGetValue(snapshot.ContainerId, out row))
            {
                row = new CatalogContainer { EndpointId = endpointId, ContainerId = snapshot.ContainerId, Name = snapshot.Name };
                db.Containers.Add(row);
            }

            // A listing taken before the container was removed must not bring it back.
            if (row.RemovedAt is { } removedAt && removedAt > now)
            {
                continue;
            }

            Apply(row, snapshot, stackTeams, now);
        }

        foreach (var gone in existing.Values.Where(c => !liveIds.Contains(c.ContainerId)))
        {
            gone.RemovedAt = now;
            gone.State = "removed";
            gone.UpdatedAt = now;
        }

        return await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts or refreshes one live container.</summary>
    public Task UpsertContainerAsync(int endpointId, CatalogContainerSnapshot snapshot, DateTime now, CancellationToken cancellationToken) =>
        UpsertContainersAsync(endpointId, [snapshot], [], now, cancellationToken);

    /// <summary>
    /// Applies a batch of engine changes in one transaction: refreshes <paramref name="live"/> and
    /// marks <paramref name="gone"/> removed. A burst of events costs one write, not one per container.
    /// </summary>
    public Task UpsertContainersAsync(int endpointId, IReadOnlyCollection<CatalogContainerSnapshot> live, IReadOnlyCollection<string> gone, DateTime now, CancellationToken cancellationToken) =>
        RetryOnInsertRaceAsync(() => UpsertContainersOnceAsync(endpointId, live, gone, now, cancellationToken));

    private async Task<bool> UpsertContainersOnceAsync(int endpointId, IReadOnlyCollection<CatalogContainerSnapshot> live, IReadOnlyCollection<string> gone, DateTime now, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var ids = live.Select(s => s.ContainerId).Concat(gone).Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.Containers.Where(c => c.EndpointId == endpointId && ids.Contains(c.ContainerId))
            .ToDictionaryAsync(c => c.ContainerId, cancellationToken).ConfigureAwait(false);
        var stackTeams = live.Count == 0 ? [] : await StackTeamsAsync(db, endpointId, cancellationToken).ConfigureAwait(false);
        foreach (var snapshot in live)
        {
            if (!rows.TryGetValue(snapshot.ContainerId, out var row))
            {
                row = new CatalogContainer { EndpointId = endpointId, ContainerId = snapshot.ContainerId, Name = snapshot.Name };
                db.Containers.Add(row);
            }

            // A listing taken before the container was removed must not bring it back.
            if (row.RemovedAt is { } removedAt && removedAt > now)
            {
                continue;
            }

            Apply(row, snapshot, stackTeams, now);
        }

        foreach (var id in gone)
        {
            if (rows.TryGetValue(id, out var row) && row.RemovedAt is null)
            {
                row.RemovedAt = now;
                row.State = "removed";
                row.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Marks a container as removed; keeps the first removal time and remover.</summary>
    public async Task MarkContainerRemovedAsync(int endpointId, string containerId, string? removedBy, DateTime now, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var row = await db.Containers.FirstOrDefaultAsync(c => c.EndpointId == endpointId && c.ContainerId == containerId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return;
        }

        row.RemovedAt ??= now;
        row.RemovedBy ??= removedBy;
        row.State = "removed";
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the team an admin assigned to a container; the label, if any, still wins.</summary>
    public async Task<bool> AssignContainerTeamAsync(int endpointId, string containerId, string? team, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var row = await db.Containers.FirstOrDefaultAsync(c => c.EndpointId == endpointId && c.ContainerId == containerId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }

        row.AssignedTeam = team;
        var labelTeam = ReadLabel(row.LabelsJson, "io.portal.team");
        row.Team = labelTeam ?? team;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Finds a container by full id, unique id prefix or name; live records first.</summary>
    public async Task<CatalogContainer?> FindContainerAsync(int endpointId, string idOrName, bool includeRemoved, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var name = idOrName.TrimStart('/');
        var q = db.Containers.AsNoTracking().Where(c => c.EndpointId == endpointId);
        if (!includeRemoved)
        {
            q = q.Where(c => c.RemovedAt == null);
        }

        var byExact = await q.Where(c => c.ContainerId == name || c.Name == name)
            .OrderBy(c => c.RemovedAt != null).ThenByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (byExact is not null || name.Length < 4 || name.Length >= 64)
        {
            return byExact;
        }

        // A short id prefix, as the docker CLI accepts; ambiguous prefixes find nothing.
        var prefixed = await q.Where(c => c.ContainerId.StartsWith(name)).Take(2).ToListAsync(cancellationToken).ConfigureAwait(false);
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    /// <summary>Reads a page of containers matching <paramref name="query"/>.</summary>
    public Task<Page<CatalogContainer>> QueryContainersAsync(int endpointId, ContainerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return QueryContainersAsync([new EndpointScope(endpointId, query.Teams)], query, cancellationToken);
    }

    /// <summary>
    /// Reads a page of containers of several environments in one query, each environment narrowed to its own
    /// teams (<see cref="ContainerQuery.Teams"/> is not used here); rows carry their <see cref="CatalogContainer.EndpointId"/>.
    /// </summary>
    public async Task<Page<CatalogContainer>> QueryContainersAsync(IReadOnlyCollection<EndpointScope> scopes, ContainerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(query);
        using var db = factory.CreateDbContext();
        var q = db.Containers.AsNoTracking().InScopes(scopes);
        q = query.Removed ? q.Where(c => c.RemovedAt != null) : q.Where(c => c.RemovedAt == null);

        if (!query.All && !query.Removed)
        {
            q = q.Where(c => c.State == "running");
        }

        if (!string.IsNullOrWhiteSpace(query.State))
        {
            q = q.Where(c => c.State == query.State);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToLowerInvariant();
            q = q.Where(c => c.Name.ToLower().Contains(text) || c.Image.ToLower().Contains(text));
        }

        var total = await q.CountAsync(cancellationToken).ConfigureAwait(false);
        q = (query.Sort, query.Descending) switch
        {
            ("image", false) => q.OrderBy(c => c.Image).ThenBy(c => c.Name),
            ("image", true) => q.OrderByDescending(c => c.Image).ThenBy(c => c.Name),
            ("state", false) => q.OrderBy(c => c.State).ThenBy(c => c.Name),
            ("state", true) => q.OrderByDescending(c => c.State).ThenBy(c => c.Name),
            ("created", false) => q.OrderBy(c => c.CreatedAt),
            ("created", true) => q.OrderByDescending(c => c.CreatedAt),
            ("team", false) => q.OrderBy(c => c.Team).ThenBy(c => c.Name),
            ("team", true) => q.OrderByDescending(c => c.Team).ThenBy(c => c.Name),
            (_, true) => q.OrderByDescending(c => c.Name),
            _ => q.OrderBy(c => c.Name),
        };
        var items = await q.Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 0, MaxPageSize))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Page<CatalogContainer>(items, total);
    }

    /// <summary>Live containers per environment, running and not, that the scopes let the caller see: one grouped query.</summary>
    public async Task<IReadOnlyDictionary<int, (int Running, int Stopped)>> CountContainersAsync(IReadOnlyCollection<EndpointScope> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        using var db = factory.CreateDbContext();
        var rows = await db.Containers.AsNoTracking().InScopes(scopes).Where(c => c.RemovedAt == null)
            .GroupBy(c => c.EndpointId)
            .Select(g => new { EndpointId = g.Key, Running = g.Count(c => c.State == "running"), Total = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.EndpointId, r => (r.Running, r.Total - r.Running));
    }

    /// <summary>
    /// Live containers attached to a network or mounting a named volume, with their teams: the
    /// network and volume lists count and name them from here instead of listing the engine's containers.
    /// </summary>
    public async Task<IReadOnlyList<CatalogAttachment>> AttachmentsAsync(int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var rows = await db.Containers.AsNoTracking()
            .Where(c => c.EndpointId == endpointId && c.RemovedAt == null && (c.Networks != "" || c.Volumes != ""))
            .Select(c => new { c.ContainerId, c.Name, c.Team, c.Networks, c.Volumes })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new CatalogAttachment(r.ContainerId, r.Name, r.Team, Lines(r.Networks), Lines(r.Volumes))).ToList();
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.Split('\n');

    /// <summary>
    /// An operation's immediate catalog refresh and the events watcher may insert the same new
    /// container at once; the loser of that race re-reads and applies its snapshot as an update.
    /// </summary>
    private static async Task<T> RetryOnInsertRaceAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write().ConfigureAwait(false);
            }
            catch (DbUpdateException ex) when (attempt < 3 && ex.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint })
            {
                // Retry with a fresh context: the row the other writer inserted is now visible.
            }
        }
    }

    /// <summary>The team of each compose project a team owns on the engine, by project name.</summary>
    private static async Task<Dictionary<string, string>> StackTeamsAsync(PortalDbContext db, int endpointId, CancellationToken cancellationToken) =>
        await db.Stacks.Where(s => s.EndpointId == endpointId && s.Team != null)
            .ToDictionaryAsync(s => s.Name, s => s.Team!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The owning team: the compose project's when a team owns the project (a CLI <c>up</c> over a
    /// Portal stack recreates its containers without Portal's labels, yet they stay the team's),
    /// else the <c>io.portal.team</c> label, else the team an admin assigned.
    /// </summary>
    private static string? TeamOf(CatalogContainerSnapshot s, CatalogContainer row, IReadOnlyDictionary<string, string> stackTeams) =>
        s.Labels.TryGetValue(ComposeProjectLabel, out var project) && stackTeams.TryGetValue(project, out var stackTeam)
            ? stackTeam
            : s.Team ?? row.AssignedTeam;

    private static void Apply(CatalogContainer row, CatalogContainerSnapshot s, IReadOnlyDictionary<string, string> stackTeams, DateTime now)
    {
        var labelsJson = JsonSerializer.Serialize(s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => l.Value));
        var team = TeamOf(s, row, stackTeams);
        var networks = string.Join('\n', s.Networks ?? []);
        var volumes = string.Join('\n', s.Volumes ?? []);
        // A resync rewrites nothing that did not change, so restarts and reconnects stay cheap.
        if (row.RowId != 0 && row.RemovedAt is null && row.Name == s.Name && row.Image == s.Image && row.ImageId == s.ImageId
            && row.Command == s.Command && row.State == s.State && row.Status == s.Status && row.Ports == s.Ports
            && row.LabelsJson == labelsJson && row.Team == team && row.Owner == s.Owner && row.CreatedAt == s.CreatedAt
            && row.Networks == networks && row.Volumes == volumes
            && (row.StatusSince is null) == (s.StatusSince is null))
        {
            return;
        }

        row.Name = s.Name;
        row.Image = s.Image;
        row.ImageId = s.ImageId;
        row.Command = s.Command;
        row.State = s.State;
        // Keep the moment already known unless the status itself changed: the engine's text is
        // coarse ("5 minutes"), so re-deriving it on every sync would make the time wander.
        if (row.Status != s.Status || row.State != s.State || row.StatusSince is null)
        {
            row.StatusSince = s.StatusSince;
        }

        row.Status = s.Status;
        row.Ports = s.Ports;
        row.LabelsJson = labelsJson;
        row.Networks = networks;
        row.Volumes = volumes;
        row.Team = team;
        row.Owner = s.Owner;
        row.CreatedAt = s.CreatedAt;
        row.UpdatedAt = now;
        row.RemovedAt = null;
    }

    private static string? ReadLabel(string labelsJson, string key)
    {
        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(labelsJson);
        return labels is not null && labels.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
    }
}
