using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Appends to and reads the audit log.</summary>
public sealed class AuditStore(IDbContextFactory<PortalDbContext> factory)
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        db.Audit.Add(entry);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var q = db.Audit.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            q = q.Where(a => a.Actor == query.Actor);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            q = q.Where(a => a.Action.StartsWith(query.Action));
        }

        if (!string.IsNullOrWhiteSpace(query.Outcome))
        {
            q = q.Where(a => a.Outcome == query.Outcome);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.ToLowerInvariant();
            q = q.Where(a => a.Target.ToLower().Contains(text) || (a.Detail != null && a.Detail.ToLower().Contains(text)));
        }

        if (query.Since is { } since)
        {
            q = q.Where(a => a.Time >= since);
        }

        var total = await q.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await q.OrderByDescending(a => a.Id).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 0, 1000))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Page<AuditEntry>(items, total);
    }
}
