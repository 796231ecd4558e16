using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Web.Utils;

namespace Portal.Web.Security;

/// <summary>
/// The one static step of a change an interactive page made to the person's own account: re-issues the sign-in
/// cookie of the session that holds a <see cref="SessionRefreshTickets"/> ticket, then sends the browser back to a
/// local page. A GET with nothing to change but the caller's own cookie: a missing, used, expired or someone
/// else's ticket renews nothing, and a return address off this site goes to <c>/</c>.
/// </summary>
public static class SessionRefreshEndpoint
{
    public const string Path = "/account/session/refresh";

    /// <summary>The query parameter the page reads its outcome by, after the round trip.</summary>
    public const string DoneParameter = "done";

    /// <summary>Where the page sends the browser after its change, to come back to <paramref name="returnUrl"/>.</summary>
    public static string Url(string ticket, string returnUrl) =>
        QueryHelpers.AddQueryString(Path, new Dictionary<string, string?> { ["ticket"] = ticket, ["returnUrl"] = returnUrl });

    public static IEndpointRouteBuilder MapSessionRefreshEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (string? ticket, string? returnUrl, HttpContext http, SessionRefreshTickets tickets,
            UserManager<PortalUser> users, SignInManager<PortalUser> signIn, IOptions<IdentityOptions> identity) =>
        {
            var target = PortalUrls.SafeReturnUrl(returnUrl);
            var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            if (!tickets.Use(ticket, userId, http.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType)))
            {
                return Results.LocalRedirect(target);
            }

            var user = await users.FindByIdAsync(userId!);
            if (user is null || user.Disabled)
            {
                return Results.LocalRedirect(target);
            }

            await signIn.RefreshSignInAsync(user);
            return Results.LocalRedirect(QueryHelpers.AddQueryString(target, DoneParameter, ticket!));
        }).RequireAuthorization();
        return app;
    }

    /// <summary>
    /// True for the request that renews a session: this path, with a ticket issued to this cookie's user and stamp,
    /// for an account that exists and is enabled. Cookie validation lets only that request through with the old stamp.
    /// </summary>
    public static async Task<bool> AdmitsAsync(HttpContext http, ClaimsPrincipal principal, string? stamp, SessionStamps stamps)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(stamps);
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (http.Request.Path != Path || !HttpMethods.IsGet(http.Request.Method) || userId is null
            || !http.RequestServices.GetRequiredService<SessionRefreshTickets>().Admits(http.Request.Query["ticket"], userId, stamp))
        {
            return false;
        }

        return await stamps.GetAsync(userId, http.RequestAborted) is { Disabled: false };
    }
}
