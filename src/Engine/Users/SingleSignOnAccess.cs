using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Data.Stores;

namespace Portal.Engine.Users;

/// <summary>
/// Makes a single-sign-on user's memberships and Admin role exactly what the provider's groups
/// grant, at each sign-in. There is no actor yet at that point: the sign-in's own audit entry
/// names every change this returns.
/// </summary>
/// <remarks>Memberships the groups no longer grant are removed; teams they name are created when missing; any change rotates the security stamp.</remarks>
public sealed class SingleSignOnAccess(UserManager<PortalUser> users, TeamStore teams)
{
    /// <summary>Applies <paramref name="grantedTeams"/> and <paramref name="isAdmin"/> to <paramref name="user"/>; returns what changed, for the audit entry.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(PortalUser user, IReadOnlyDictionary<string, TeamRole> grantedTeams, bool isAdmin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(grantedTeams);
        var changes = new List<string>();
        var current = await teams.GetMembershipsAsync(user.Id, cancellationToken).ConfigureAwait(false);
        foreach (var membership in current.Where(m => !grantedTeams.ContainsKey(m.Team)))
        {
            await teams.RemoveMembershipAsync(user.Id, membership.Team, cancellationToken).ConfigureAwait(false);
            changes.Add($"left {membership.Team}");
        }

        foreach (var (team, role) in grantedTeams)
        {
            var held = current.FirstOrDefault(m => string.Equals(m.Team, team, StringComparison.OrdinalIgnoreCase));
            if (held?.Role == role)
            {
                continue;
            }

            if (!await teams.ExistsAsync(team, cancellationToken).ConfigureAwait(false))
            {
                await teams.CreateAsync(team, "Created for a single sign-on group.", cancellationToken).ConfigureAwait(false);
            }

            await teams.SetMembershipAsync(user.Id, team, role, cancellationToken).ConfigureAwait(false);
            changes.Add($"{team}: {role}");
        }

        if (await users.IsInRoleAsync(user, PortalRoleNames.Admin).ConfigureAwait(false) != isAdmin)
        {
            // The host's user manager rotates the stamp on role changes.
            var result = isAdmin
                ? await users.AddToRoleAsync(user, PortalRoleNames.Admin).ConfigureAwait(false)
                : await users.RemoveFromRoleAsync(user, PortalRoleNames.Admin).ConfigureAwait(false);
            changes.Add(result.Succeeded ? (isAdmin ? "became Admin" : "no longer Admin") : "Admin role change failed");
        }

        if (changes.Count > 0)
        {
            await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        }

        return changes;
    }
}
