using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Appends to and reads the audit log, and applies its retention.</summary>
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
        var q = Filter(db.Audit.AsNoTracking(), query);
        var total = await q.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await q.OrderByDescending(a => a.Id).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 0, 1000))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Page<AuditEntry>(items, total);
    }

    /// <summary>Every entry matching <paramref name="query"/> (paging ignored), newest first, read row by row.</summary>
    /// <remarks>For exports: the caller writes each entry out as it arrives, so nothing is held in memory.</remarks>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var rows = Filter(db.Audit.AsNoTracking(), query).OrderByDescending(a => a.Id).AsAsyncEnumerable();
        await foreach (var entry in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    /// <summary>Deletes entries older than <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Audit.Where(a => a.Time < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The retention in days; 0 keeps everything.</summary>
    public async Task<int> GetRetentionDaysAsync(CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var settings = await db.AuditSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == AuditSettings.SingletonId, cancellationToken)
            .ConfigureAwait(false);
        return settings?.RetentionDays ?? 0;
    }

    public async Task SetRetentionDaysAsync(int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        using var db = factory.CreateDbContext();
        var settings = await db.AuditSettings.FirstOrDefaultAsync(s => s.Id == AuditSettings.SingletonId, cancellationToken).ConfigureAwait(false);
        if (settings is null)
        {
            db.AuditSettings.Add(new AuditSettings { RetentionDays = days });
        }
        else
        {
            settings.RetentionDays = days;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> q, AuditQuery query)
    {
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

        if (!string.IsNullOrWhiteSpace(query.Team))
        {
            q = q.Where(a => a.Team == query.Team);
        }

        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            var target = query.Target.ToLowerInvariant();
            q = q.Where(a => a.Target.ToLower().Contains(target));
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

        if (query.Until is { } until)
        {
            q = q.Where(a => a.Time < until);
        }

        return q;
    }
}
