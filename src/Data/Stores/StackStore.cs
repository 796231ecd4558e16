using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Stacks and their revisions, plus the catalog rows of compose containers their status is computed from.</summary>
public sealed class StackStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time)
{
    /// <summary>Most revisions kept per stack; older ones are dropped when a new one is saved.</summary>
    public const int MaxRevisions = 100;

    public async Task<IReadOnlyList<Stack>> ListAsync(int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Stacks.AsNoTracking().Where(s => s.EndpointId == endpointId).OrderBy(s => s.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stack?> FindAsync(int endpointId, string name, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Stacks.AsNoTracking().FirstOrDefaultAsync(s => s.EndpointId == endpointId && s.Name == name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the stack with its first revision (none for an adopted stack); null when the name is taken.</summary>
    public async Task<Stack?> CreateAsync(Stack stack, StackRevision? first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        using var db = factory.CreateDbContext();
        if (await db.Stacks.AnyAsync(s => s.EndpointId == stack.EndpointId && s.Name == stack.Name, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        stack.CreatedAt = stack.UpdatedAt = now;
        if (first is not null)
        {
            first.Number = 1;
            first.CreatedAt = now;
            stack.Revisions.Add(first);
        }

        db.Stacks.Add(stack);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return stack;
    }

    /// <summary>Saves a new revision (numbered after the last) and trims the oldest beyond <see cref="MaxRevisions"/>.</summary>
    public async Task<StackRevision> AddRevisionAsync(int stackId, StackRevision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        using var db = factory.CreateDbContext();
        var last = await db.StackRevisions.Where(r => r.StackId == stackId).MaxAsync(r => (int?)r.Number, cancellationToken).ConfigureAwait(false) ?? 0;
        var now = time.GetUtcNow().UtcDateTime;
        revision.StackId = stackId;
        revision.Number = last + 1;
        revision.CreatedAt = now;
        db.StackRevisions.Add(revision);
        await db.Stacks.Where(s => s.Id == stackId).ExecuteUpdateAsync(u => u.SetProperty(s => s.UpdatedAt, now).SetProperty(s => s.Adopted, false), cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await db.StackRevisions.Where(r => r.StackId == stackId && r.Number <= revision.Number - MaxRevisions).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return revision;
    }

    /// <summary>Revisions newest first.</summary>
    public async Task<IReadOnlyList<StackRevision>> RevisionsAsync(int stackId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.StackRevisions.AsNoTracking().Where(r => r.StackId == stackId).OrderByDescending(r => r.Number).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revision <paramref name="number"/>, or the latest when null; null when there is none.</summary>
    public async Task<StackRevision?> RevisionAsync(int stackId, int? number, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var query = db.StackRevisions.AsNoTracking().Where(r => r.StackId == stackId);
        return number is { } n
            ? await query.FirstOrDefaultAsync(r => r.Number == n, cancellationToken).ConfigureAwait(false)
            : await query.OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each stack's latest revision number (stacks without one are absent), in one query.</summary>
    public async Task<IReadOnlyDictionary<int, int>> LatestRevisionNumbersAsync(int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.StackRevisions.AsNoTracking()
            .Where(r => db.Stacks.Any(s => s.Id == r.StackId && s.EndpointId == endpointId))
            .GroupBy(r => r.StackId)
            .Select(g => new { StackId = g.Key, Number = g.Max(r => r.Number) })
            .ToDictionaryAsync(x => x.StackId, x => x.Number, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> SetTeamAsync(int stackId, string? team, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Stacks.Where(s => s.Id == stackId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Team, team), cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> DeleteAsync(int stackId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Stacks.Where(s => s.Id == stackId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Live catalog containers that carry a compose project label (any project), for stack status.</summary>
    public async Task<IReadOnlyList<CatalogContainer>> ComposeContainersAsync(int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Containers.AsNoTracking()
            .Where(c => c.EndpointId == endpointId && c.RemovedAt == null && c.LabelsJson.Contains("\"com.docker.compose.project\""))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
