using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Users;

/// <summary>
/// Creates the local account of a person a provider vouched for, and makes a single-sign-on user's
/// memberships and Admin role exactly what the provider's groups grant, at each sign-in. There is no
/// actor yet at that point: the account is created by Portal itself (<see cref="Actor.System"/>) as a
/// <c>user.create</c> operation, and the sign-in's own audit entry names every access change.
/// </summary>
/// <remarks>Memberships the groups no longer grant are removed; teams they name are created when missing; any change rotates the security stamp.</remarks>
public sealed class SingleSignOnAccess(UserManager<PortalUser> users, TeamStore teams, OperationRunner runner, TimeProvider time)
{
    private const int MaxNameLength = 64;

    /// <summary>
    /// Creates the account linked to <paramref name="login"/> (the provider's subject), named after <paramref name="shownName"/>
    /// (with <c>-2</c>, <c>-3</c>… when taken); audited as <c>user.create</c>, "external sign-in via" <paramref name="provider"/>.
    /// </summary>
    public Task<PortalUser> CreateUserAsync(UserLoginInfo login, string shownName, string provider, CancellationToken cancellationToken) =>
        runner.RunAsync(Actor.System, "user.create", UserNameFrom(shownName), async (ctx, ct) =>
        {
            ArgumentNullException.ThrowIfNull(login);
            ctx.Detail = $"external sign-in via {provider}";
            var baseName = ctx.Target;
            for (var n = 1; n <= 50; n++)
            {
                var name = n == 1 ? baseName : $"{baseName}-{n}";
                if (await users.FindByNameAsync(name).ConfigureAwait(false) is not null)
                {
                    continue;
                }

                ctx.Target = name;
                var user = new PortalUser { UserName = name, CreatedAt = time.GetUtcNow().UtcDateTime };
                UserAccounts.Check(await users.CreateAsync(user).ConfigureAwait(false));
                var linked = await users.AddLoginAsync(user, login).ConfigureAwait(false);
                if (!linked.Succeeded)
                {
                    // An account nobody can sign in to must not stay behind.
                    await users.DeleteAsync(user).ConfigureAwait(false);
                    UserAccounts.Check(linked);
                }

                return user;
            }

            throw OperationFailedException.Conflict($"The user names '{baseName}' to '{baseName}-50' are all taken.");
        }, cancellationToken);

    /// <summary>A user name made of the characters Portal allows (letters, digits, <c>-._@</c>).</summary>
    public static string UserNameFrom(string shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var chars = shown.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@' ? c : '-').ToArray();
        var name = new string(chars).Trim('-');
        name = name.Length > MaxNameLength ? name[..MaxNameLength] : name;
        return name.Length == 0 ? "sso-user" : name;
    }

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
