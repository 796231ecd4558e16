using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Which teams may use which environments, and up to which role.</summary>
public sealed class EnvironmentGrantStore(IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>The grants of the named teams: team name → (environment row id → highest role).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<int, TeamRole>>> ForTeamsAsync(IReadOnlyCollection<string> teams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teams);
        if (teams.Count == 0)
        {
            return new Dictionary<string, IReadOnlyDictionary<int, TeamRole>>(StringComparer.OrdinalIgnoreCase);
        }

        var lowered = teams.Select(t => t.ToLowerInvariant()).ToList();
        using var db = factory.CreateDbContext();
        var rows = await db.EnvironmentGrants.AsNoTracking()
            .Where(g => lowered.Contains(g.Team!.Name.ToLower()))
            .Select(g => new { Team = g.Team!.Name, g.EndpointId, g.Role })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.Team, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<int, TeamRole>)g.ToDictionary(r => r.EndpointId, r => r.Role),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every grant on one environment: team name → highest role.</summary>
    public async Task<IReadOnlyDictionary<string, TeamRole>> ForEnvironmentAsync(int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        // Projected first: the key selector runs on the client, where an un-included Team is null.
        return await db.EnvironmentGrants.AsNoTracking().Where(g => g.EndpointId == endpointId)
            .Select(g => new { Team = g.Team!.Name, g.Role })
            .ToDictionaryAsync(g => g.Team, g => g.Role, StringComparer.OrdinalIgnoreCase, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Grants (or changes) <paramref name="team"/>'s highest role on an environment; false when the team or environment is unknown.</summary>
    public async Task<bool> SetAsync(string team, int endpointId, TeamRole role, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var teamId = await db.Teams.Where(t => t.Name == team).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (teamId is null || !await db.Endpoints.AnyAsync(e => e.Id == endpointId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var grant = await db.EnvironmentGrants.FindAsync([teamId.Value, endpointId], cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            db.EnvironmentGrants.Add(new EnvironmentGrant { TeamId = teamId.Value, EndpointId = endpointId, Role = role });
        }
        else
        {
            grant.Role = role;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Withdraws a grant; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string team, int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.EnvironmentGrants.Where(g => g.Team!.Name == team && g.EndpointId == endpointId)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
