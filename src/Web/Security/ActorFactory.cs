using System.Security.Claims;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;

namespace Portal.Web.Security;

/// <summary>Turns the signed-in principal (cookie or token) into the Engine's <see cref="Actor"/>.</summary>
public sealed class ActorFactory(TeamStore teams)
{
    /// <summary>The actor for <paramref name="principal"/>, or null when nobody is signed in.</summary>
    public async Task<Actor?> FromPrincipalAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || userId is null)
        {
            return null;
        }

        var memberships = await teams.GetMembershipsAsync(userId, cancellationToken);
        return new Actor(
            userId,
            principal.Identity.Name ?? userId,
            principal.IsInRole(PortalRoles.Admin),
            memberships.ToDictionary(m => m.Team, m => m.Role, StringComparer.OrdinalIgnoreCase),
            principal.HasClaim(PortalRoles.ReadOnlyClaim, "true"),
            memberships.Where(m => m.MayExec).Select(m => m.Team).ToHashSet(StringComparer.OrdinalIgnoreCase),
            memberships.Where(m => m.MaySeeEnvironment).Select(m => m.Team).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }
}
