using System.Security.Claims;
using Portal.Engine.Pipeline;
using Portal.Engine.Users;

namespace Portal.Web.Security;

/// <summary>
/// Web's one way to an Engine <see cref="Actor"/>: from the signed-in principal (cookie or token),
/// from a user just checked by password, or for a host socket caller. Teams and permissions are
/// always read by the Engine's <see cref="ActorLoader"/>.
/// </summary>
public sealed class ActorFactory(ActorLoader loader)
{
    /// <summary>The actor for <paramref name="principal"/>, or null when nobody is signed in.</summary>
    public async Task<Actor?> FromPrincipalAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || userId is null)
        {
            return null;
        }

        return await loader.LoadAsync(userId, principal.Identity.Name ?? userId, principal.IsInRole(PortalRoles.Admin),
            principal.HasClaim(PortalRoles.ReadOnlyClaim, "true"), cancellationToken);
    }

    /// <summary>
    /// The actor for <paramref name="principal"/> as it is now, for a stream that began earlier: null once the account
    /// was disabled or deleted or the access token it came with was revoked or expired.
    /// </summary>
    public async Task<Actor?> StillSignedInAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || userId is null)
        {
            return null;
        }

        int? tokenId = int.TryParse(principal.FindFirstValue(TokenIdClaim), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        return await loader.ReloadAsync(userId, principal.Identity.Name ?? userId, principal.IsInRole(PortalRoles.Admin),
            principal.HasClaim(PortalRoles.ReadOnlyClaim, "true"), tokenId, cancellationToken);
    }

    /// <summary>The claim an access token's principal carries its token's id in.</summary>
    public const string TokenIdClaim = "portal:token-id";

    /// <summary>The actor of a user whose password (and code) were just checked, before any principal exists.</summary>
    public Task<Actor> ForUserAsync(string userId, string userName, bool isAdmin, CancellationToken cancellationToken) =>
        loader.LoadAsync(userId, userName, isAdmin, readOnly: false, cancellationToken);

    /// <summary>The actor of a host administration socket caller; <paramref name="trusted"/> when it is root or Portal's own user.</summary>
    public static Actor ForHost(uint uid, bool trusted) => ActorLoader.Host(uid, trusted);
}
