using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;

namespace Portal.Web.Security;

/// <summary>A user as the admin pages and API show it.</summary>
public sealed record UserInfo(string Id, string UserName, bool IsAdmin, bool Disabled, bool LockedOut, IReadOnlyList<MembershipInfo> Teams, DateTime CreatedAt);

/// <summary>Request to create a user: <paramref name="Role"/> is Admin, Operator or Viewer and applies to every listed team.</summary>
public sealed record CreateUserRequest(string Username, string Password, string? Role, IReadOnlyList<string>? Teams);

/// <summary>User administration (Identity) through the Engine pipeline, so it is audited like every change.</summary>
public sealed class UserAdministration(OperationRunner runner, UserManager<PortalUser> users, TeamStore teams, TimeProvider time)
{
    public async Task<IReadOnlyList<UserInfo>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        RequireAdmin(actor);
        var memberships = await teams.GetAllMembershipsAsync(cancellationToken);
        var admins = (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Select(u => u.Id).ToHashSet();
        var now = time.GetUtcNow();
        return users.Users.OrderBy(u => u.UserName).ToList()
            .Select(u => new UserInfo(u.Id, u.UserName ?? "", admins.Contains(u.Id), u.Disabled, u.LockoutEnd > now, memberships[u.Id].ToList(), u.CreatedAt))
            .ToList();
    }

    public Task<UserInfo> CreateAsync(Actor actor, CreateUserRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.create", request.Username ?? "", async (ctx, ct) =>
        {
            RequireAdmin(actor);
            var role = (request.Role ?? "Operator").Trim();
            var isAdmin = role.Equals(PortalRoles.Admin, StringComparison.OrdinalIgnoreCase);
            if (!isAdmin && !Enum.TryParse<TeamRole>(role, ignoreCase: true, out _))
            {
                throw OperationFailedException.Invalid($"Role '{role}' is not one of Admin, Operator, Viewer.");
            }

            var teamNames = request.Teams?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
            foreach (var team in teamNames)
            {
                if (!await teams.ExistsAsync(team, ct))
                {
                    throw OperationFailedException.Invalid($"There is no team named '{team}'.");
                }
            }

            var user = new PortalUser { UserName = request.Username?.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime };
            var result = await users.CreateAsync(user, request.Password ?? "");
            if (!result.Succeeded)
            {
                var conflict = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
                var message = string.Join(" ", result.Errors.Select(e => e.Description));
                throw conflict ? OperationFailedException.Conflict(message) : OperationFailedException.Invalid(message);
            }

            if (isAdmin)
            {
                await users.AddToRoleAsync(user, PortalRoles.Admin);
            }

            var teamRole = isAdmin ? TeamRole.Operator : Enum.Parse<TeamRole>(role, ignoreCase: true);
            foreach (var team in teamNames)
            {
                await teams.SetMembershipAsync(user.Id, team, teamRole, ct);
            }

            ctx.Detail = $"role {role}, teams {string.Join(",", teamNames)}";
            return new UserInfo(user.Id, user.UserName ?? "", isAdmin, false, false, await teams.GetMembershipsAsync(user.Id, ct), user.CreatedAt);
        }, cancellationToken);

    /// <summary>Adds or changes a membership; a role change ends the user's sessions.</summary>
    public Task SetMembershipAsync(Actor actor, string userName, string team, TeamRole role, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.membership", userName, async (ctx, ct) =>
        {
            RequireAdmin(actor);
            var user = await users.FindByNameAsync(userName) ?? throw OperationFailedException.NotFound("user", userName);
            ctx.Team = team;
            ctx.Detail = $"{team}: {role}";
            if (!await teams.SetMembershipAsync(user.Id, team, role, ct))
            {
                throw OperationFailedException.Invalid($"There is no team named '{team}'.");
            }

            await users.UpdateSecurityStampAsync(user);
        }, cancellationToken);

    public Task RemoveMembershipAsync(Actor actor, string userName, string team, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.membership.remove", userName, async (ctx, ct) =>
        {
            RequireAdmin(actor);
            var user = await users.FindByNameAsync(userName) ?? throw OperationFailedException.NotFound("user", userName);
            ctx.Team = team;
            await teams.RemoveMembershipAsync(user.Id, team, ct);
            await users.UpdateSecurityStampAsync(user);
        }, cancellationToken);

    /// <summary>Disables or re-enables an account; disabling ends its sessions and tokens at once.</summary>
    public Task SetDisabledAsync(Actor actor, string userName, bool disabled, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, disabled ? "user.disable" : "user.enable", userName, async (ctx, ct) =>
        {
            RequireAdmin(actor);
            var user = await users.FindByNameAsync(userName) ?? throw OperationFailedException.NotFound("user", userName);
            if (user.Id == actor.UserId && disabled)
            {
                throw OperationFailedException.Invalid("You cannot disable your own account.");
            }

            user.Disabled = disabled;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
        }, cancellationToken);

    /// <summary>Sets a new password chosen by an administrator and clears any lockout.</summary>
    public Task ResetPasswordAsync(Actor actor, string userName, string newPassword, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.reset-password", userName, async (ctx, ct) =>
        {
            RequireAdmin(actor);
            var user = await users.FindByNameAsync(userName) ?? throw OperationFailedException.NotFound("user", userName);
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var result = await users.ResetPasswordAsync(user, token, newPassword);
            if (!result.Succeeded)
            {
                throw OperationFailedException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }, cancellationToken);

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
        {
            throw OperationFailedException.Forbidden("Only administrators may manage users.");
        }
    }
}
