using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Teams and memberships.</summary>
public sealed class TeamStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time)
{
    public async Task<IReadOnlyList<TeamInfo>> ListAsync(CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Teams.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TeamInfo(t.Id, t.Name, t.Description, t.Members.Count, t.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Teams.AnyAsync(t => t.Name == name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a team; returns null when the name is taken.</summary>
    public async Task<TeamInfo?> CreateAsync(string name, string? description, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        if (await db.Teams.AnyAsync(t => t.Name == name, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var team = new Team { Name = name, Description = description, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new TeamInfo(team.Id, team.Name, team.Description, 0, team.CreatedAt);
    }

    public async Task<IReadOnlyList<MembershipInfo>> GetMembershipsAsync(string userId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.TeamMemberships.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new MembershipInfo(m.Team!.Name, m.Role, m.MayExec, m.MaySeeEnvironment))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds or changes a membership; returns false when the team does not exist.</summary>
    public async Task<bool> SetMembershipAsync(string userId, string teamName, TeamRole role, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Name == teamName, cancellationToken).ConfigureAwait(false);
        if (team is null)
        {
            return false;
        }

        var membership = await db.TeamMemberships.FirstOrDefaultAsync(m => m.TeamId == team.Id && m.UserId == userId, cancellationToken).ConfigureAwait(false);
        if (membership is null)
        {
            db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, UserId = userId, Role = role });
        }
        else
        {
            membership.Role = role;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sets the exec and environment permissions of an existing membership; false when there is none.</summary>
    public async Task<bool> SetPermissionsAsync(string userId, string teamName, bool mayExec, bool maySeeEnvironment, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var changed = await db.TeamMemberships.Where(m => m.UserId == userId && m.Team!.Name == teamName)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.MayExec, mayExec).SetProperty(m => m.MaySeeEnvironment, maySeeEnvironment), cancellationToken)
            .ConfigureAwait(false);
        return changed > 0;
    }

    public async Task RemoveMembershipAsync(string userId, string teamName, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        await db.TeamMemberships.Where(m => m.UserId == userId && m.Team!.Name == teamName)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every user's memberships, for the admin's user list.</summary>
    public async Task<ILookup<string, MembershipInfo>> GetAllMembershipsAsync(CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var rows = await db.TeamMemberships.AsNoTracking()
            .Select(m => new { m.UserId, Team = m.Team!.Name, m.Role, m.MayExec, m.MaySeeEnvironment })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToLookup(r => r.UserId, r => new MembershipInfo(r.Team, r.Role, r.MayExec, r.MaySeeEnvironment));
    }

    /// <summary>Deletes the team with its memberships and quota; false when there is none by that name.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var team = await db.Teams.Include(t => t.Members).FirstOrDefaultAsync(t => t.Name == name, cancellationToken).ConfigureAwait(false);
        if (team is null)
        {
            return false;
        }

        db.Teams.Remove(team);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
