using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;
using Portal.Engine.Teams;

namespace Portal.Engine.Users;

/// <summary>
/// User accounts and team memberships through the pipeline: administrators only, and every
/// change (refusals included) is one audit entry. Changes that alter what a person may do rotate
/// their security stamp, so their open sessions end.
/// </summary>
/// <remarks>
/// Identity's <see cref="UserManager{TUser}"/> is used from here (it lives in
/// Microsoft.Extensions.Identity.Core, not ASP.NET Core); the host's manager is the one resolved,
/// so its session-cache hooks still run. Scoped, like the manager.
/// </remarks>
public sealed class UserOperations(OperationRunner runner, UserManager<PortalUser> users, TeamStore teams, TimeProvider time)
{
    /// <summary>Every user with their teams, by name; administrators only.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        UserAccounts.RequireAdmin(actor);
        var memberships = await teams.GetAllMembershipsAsync(cancellationToken).ConfigureAwait(false);
        var admins = (await users.GetUsersInRoleAsync(PortalRoleNames.Admin).ConfigureAwait(false)).Select(u => u.Id).ToHashSet();
        var now = time.GetUtcNow();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken).ConfigureAwait(false);
        return all.Select(u => new UserSummary(u.Id, u.UserName ?? "", admins.Contains(u.Id), u.Disabled, u.LockoutEnd > now,
                memberships[u.Id].Select(MembershipSummary.From).ToList(), u.CreatedAt))
            .ToList();
    }

    /// <summary>Creates a user with a global role (Admin) or a team role in each listed team; audited as <c>user.create</c>.</summary>
    public Task<UserSummary> CreateAsync(Actor actor, CreateUserRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.create", request?.Username ?? "", async (ctx, ct) =>
        {
            ArgumentNullException.ThrowIfNull(request);
            UserAccounts.RequireAdmin(actor);
            var role = (request.Role ?? "Operator").Trim();
            var isAdmin = role.Equals(PortalRoleNames.Admin, StringComparison.OrdinalIgnoreCase);
            if (!isAdmin && !Enum.TryParse<TeamRole>(role, ignoreCase: true, out _))
            {
                throw OperationFailedException.Invalid($"Role '{role}' is not one of Admin, Operator, Viewer.", "role");
            }

            var teamNames = request.Teams?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
            foreach (var team in teamNames)
            {
                if (!await teams.ExistsAsync(team, ct).ConfigureAwait(false))
                {
                    throw OperationFailedException.Invalid($"There is no team named '{team}'.", "teams");
                }
            }

            var user = new PortalUser { UserName = request.Username?.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime };
            var result = await users.CreateAsync(user, request.Password ?? "").ConfigureAwait(false);
            UserAccounts.Check(result);

            if (isAdmin)
            {
                await users.AddToRoleAsync(user, PortalRoleNames.Admin).ConfigureAwait(false);
            }

            var teamRole = isAdmin ? TeamRole.Operator : Enum.Parse<TeamRole>(role, ignoreCase: true);
            foreach (var team in teamNames)
            {
                await teams.SetMembershipAsync(user.Id, team, teamRole, ct).ConfigureAwait(false);
            }

            ctx.Detail = $"role {role}, teams {string.Join(",", teamNames)}";
            var memberships = await teams.GetMembershipsAsync(user.Id, ct).ConfigureAwait(false);
            return new UserSummary(user.Id, user.UserName ?? "", isAdmin, false, false, memberships.Select(MembershipSummary.From).ToList(), user.CreatedAt);
        }, cancellationToken);

    /// <summary>
    /// Adds or changes a membership: the role in the team and the "may exec" / "may see environment
    /// values" permissions; audited as <c>user.membership</c>. The user's sessions end.
    /// </summary>
    public Task<MembershipSummary> SetMembershipAsync(Actor actor, string userName, string team, MembershipRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.membership", userName, async (ctx, ct) =>
        {
            UserAccounts.RequireAdmin(actor);
            ArgumentNullException.ThrowIfNull(request);
            if (!Enum.TryParse<TeamRole>(request.Role ?? "", ignoreCase: true, out var role) || !Enum.IsDefined(role))
            {
                throw OperationFailedException.Invalid($"Role '{request.Role}' is not one of Operator, Viewer (Admin is global, not per team).");
            }

            var user = await UserAccounts.FindAsync(users, userName).ConfigureAwait(false);
            ctx.Team = team;
            ctx.Detail = $"{team}: {role}, exec {(request.MayExec ? "yes" : "no")}, environment values {(request.MaySeeEnvironment ? "yes" : "no")}";
            if (!await teams.SetMembershipAsync(user.Id, team, role, ct).ConfigureAwait(false))
            {
                throw OperationFailedException.Invalid($"There is no team named '{team}'.");
            }

            await teams.SetPermissionsAsync(user.Id, team, request.MayExec, request.MaySeeEnvironment, ct).ConfigureAwait(false);
            // Permissions are read per request, but a signed-in page holds a circuit: end it like a role change does.
            await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
            return new MembershipSummary(team, role, request.MayExec, request.MaySeeEnvironment);
        }, cancellationToken);

    /// <summary>Takes the user out of a team; audited as <c>user.membership.remove</c>. The user's sessions end.</summary>
    public Task RemoveMembershipAsync(Actor actor, string userName, string team, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.membership.remove", userName, async (ctx, ct) =>
        {
            UserAccounts.RequireAdmin(actor);
            var user = await UserAccounts.FindAsync(users, userName).ConfigureAwait(false);
            ctx.Team = team;
            await teams.RemoveMembershipAsync(user.Id, team, ct).ConfigureAwait(false);
            await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Disables or re-enables an account (<c>user.disable</c> / <c>user.enable</c>); disabling ends its sessions and tokens at once.</summary>
    public Task SetDisabledAsync(Actor actor, string userName, bool disabled, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, disabled ? "user.disable" : "user.enable", userName, async (ctx, ct) =>
        {
            UserAccounts.RequireAdmin(actor);
            var user = await UserAccounts.FindAsync(users, userName).ConfigureAwait(false);
            if (user.Id == actor.UserId && disabled)
            {
                throw OperationFailedException.Invalid("You cannot disable your own account.");
            }

            user.Disabled = disabled;
            await users.UpdateAsync(user).ConfigureAwait(false);
            await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Deletes an account with its memberships and tokens; audited as <c>user.delete</c>. The audit trail names
    /// people by user name, so what they did stays readable; objects they created keep their labels. Nobody
    /// deletes their own account, and the last administrator stays.
    /// </summary>
    public Task DeleteAsync(Actor actor, string userName, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.delete", userName, async (ctx, ct) =>
        {
            UserAccounts.RequireAdmin(actor);
            var user = await UserAccounts.FindAsync(users, userName).ConfigureAwait(false);
            if (user.Id == actor.UserId)
            {
                throw OperationFailedException.Invalid("You cannot delete your own account.");
            }

            if (!user.Disabled && await users.IsInRoleAsync(user, PortalRoleNames.Admin).ConfigureAwait(false)
                && (await users.GetUsersInRoleAsync(PortalRoleNames.Admin).ConfigureAwait(false)).Count(u => !u.Disabled) <= 1)
            {
                throw OperationFailedException.Invalid("This is the last administrator; make someone else an administrator first.");
            }

            var result = await users.DeleteAsync(user).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw OperationFailedException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
            }
        }, cancellationToken);

    /// <summary>Sets a new password chosen by an administrator and clears any lockout; audited as <c>user.reset-password</c>.</summary>
    public Task ResetPasswordAsync(Actor actor, string userName, string newPassword, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.reset-password", userName, async (ctx, ct) =>
        {
            UserAccounts.RequireAdmin(actor);
            var user = await UserAccounts.FindAsync(users, userName).ConfigureAwait(false);
            await UserAccounts.SetPasswordAsync(users, user, newPassword).ConfigureAwait(false);
            await UserAccounts.ClearLockoutAsync(users, user).ConfigureAwait(false);
        }, cancellationToken);
}
