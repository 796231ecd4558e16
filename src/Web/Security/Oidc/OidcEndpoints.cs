using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Engine.Audit;
using Portal.Web.Utils;

namespace Portal.Web.Security.Oidc;

/// <summary>The sign-in button's post (starts the provider round trip) and the landing after it.</summary>
public static class OidcEndpoints
{
    public const string Start = "/account/external";

    public const string Callback = "/account/external/callback";

    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Start, async ([FromForm] string? returnUrl, HttpContext http, IOptions<OidcSettings> options, SignInAudit audit) =>
        {
            var settings = options.Value;
            var target = PortalUrls.SafeReturnUrl(returnUrl);
            if (!settings.Enabled)
            {
                return Results.Redirect(PortalUrls.Login(target, "Single sign-on is not configured."));
            }

            try
            {
                // The handler reads the provider's metadata here; an unreachable provider fails now.
                await http.ChallengeAsync(OidcSettings.Scheme, new AuthenticationProperties { RedirectUri = Callback + "?returnUrl=" + Uri.EscapeDataString(target) });
                return Results.Empty;
            }
            catch (InvalidOperationException ex)
            {
                await audit.RecordAsync(ExternalSignIn.AuditAction, "(" + settings.DisplayName + ")", http.Connection.RemoteIpAddress?.ToString(), false,
                    "provider unreachable: " + ex.Message);
                return Results.Redirect(PortalUrls.Login(target,
                    $"{settings.DisplayName} cannot be reached right now ({settings.Authority}), so single sign-on is unavailable. Try again later or sign in with a local account."));
            }
        }).RequireRateLimiting(SignInRateLimits.Policy);

        app.MapGet(Callback, async (string? returnUrl, HttpContext http, ExternalSignIn externalSignIn) =>
        {
            var target = PortalUrls.SafeReturnUrl(returnUrl);
            var result = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
            if (!result.Succeeded || result.Principal is null)
            {
                return Results.Redirect(PortalUrls.Login(target, "The single sign-on answer expired or was missing; please try again."));
            }

            var error = await externalSignIn.SignInAsync(result.Principal, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
            await http.SignOutAsync(IdentityConstants.ExternalScheme);
            return error is null ? Results.LocalRedirect(target) : Results.Redirect(PortalUrls.Login(target, error));
        });
        return app;
    }
}
