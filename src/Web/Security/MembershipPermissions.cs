using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;

namespace Portal.Web.Security;

/// <summary>Body of <c>PUT /api/v1/users/{user}/teams/{team}</c>: the role and the two extra permissions.</summary>
public sealed record MembershipRequest(string? Role, bool MayExec = true, bool MaySeeEnvironment = false);

/// <summary>Sets a member's role and its "may exec" / "may see environment values" permissions, audited; the user's sessions end.</summary>
public sealed class MembershipPermissions(OperationRunner runner, UserManager<PortalUser> users, TeamStore teams)
{
    public Task<MembershipInfo> SetAsync(Actor actor, string userName, string team, MembershipRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.membership", userName, async (ctx, ct) =>
        {
            if (!actor.IsAdmin)
            {
                throw OperationFailedException.Forbidden("Only administrators may manage users.");
            }

            ArgumentNullException.ThrowIfNull(request);
            if (!Enum.TryParse<TeamRole>(request.Role ?? "", ignoreCase: true, out var role) || !Enum.IsDefined(role))
            {
                throw OperationFailedException.Invalid($"Role '{request.Role}' is not one of Operator, Viewer (Admin is global, not per team).");
            }

            var user = await users.FindByNameAsync(userName) ?? throw OperationFailedException.NotFound("user", userName);
            ctx.Team = team;
            ctx.Detail = $"{team}: {role}, exec {(request.MayExec ? "yes" : "no")}, environment values {(request.MaySeeEnvironment ? "yes" : "no")}";
            if (!await teams.SetMembershipAsync(user.Id, team, role, ct))
            {
                throw OperationFailedException.Invalid($"There is no team named '{team}'.");
            }

            await teams.SetPermissionsAsync(user.Id, team, request.MayExec, request.MaySeeEnvironment, ct);
            // Permissions are read per request, but a signed-in page holds a circuit: end it like a role change does.
            await users.UpdateSecurityStampAsync(user);
            return new MembershipInfo(team, role, request.MayExec, request.MaySeeEnvironment);
        }, cancellationToken);
}
