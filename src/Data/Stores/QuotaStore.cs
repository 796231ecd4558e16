using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>A team's limits as stored; null members are unlimited.</summary>
public sealed record QuotaLimits(int? MaxContainers, long? MaxMemoryBytes, long? MaxNanoCpus, int? MaxVolumes)
{
    public static QuotaLimits Unlimited { get; } = new(null, null, null, null);
}

/// <summary>Per-team quotas.</summary>
public sealed class QuotaStore(IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>The team's limits (unlimited when none are set), or null when the team does not exist.</summary>
    public async Task<QuotaLimits?> GetAsync(string team, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var teamId = await db.Teams.AsNoTracking().Where(t => t.Name == team).Select(t => (int?)t.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (teamId is null)
        {
            return null;
        }

        var row = await db.TeamQuotas.AsNoTracking().FirstOrDefaultAsync(q => q.TeamId == teamId, cancellationToken).ConfigureAwait(false);
        return row is null ? QuotaLimits.Unlimited : new QuotaLimits(row.MaxContainers, row.MaxMemoryBytes, row.MaxNanoCpus, row.MaxVolumes);
    }

    /// <summary>Replaces the team's limits; false when the team does not exist.</summary>
    public async Task<bool> SetAsync(string team, QuotaLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var db = factory.CreateDbContext();
        var teamId = await db.Teams.Where(t => t.Name == team).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (teamId is null)
        {
            return false;
        }

        var row = await db.TeamQuotas.FirstOrDefaultAsync(q => q.TeamId == teamId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new TeamQuota { TeamId = teamId.Value };
            db.TeamQuotas.Add(row);
        }

        row.MaxContainers = limits.MaxContainers;
        row.MaxMemoryBytes = limits.MaxMemoryBytes;
        row.MaxNanoCpus = limits.MaxNanoCpus;
        row.MaxVolumes = limits.MaxVolumes;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
