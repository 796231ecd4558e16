using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Web.Security;

/// <summary>
/// Cookie validation on every request: the cookie's security stamp must equal the user's
/// current one and the account must be enabled; otherwise the session ends on this request. The one
/// exception is the renewal a page asked for after changing the person's own account (<see cref="SessionRefreshEndpoint"/>).
/// </summary>
public static class SessionValidation
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var principal = context.Principal;
        var stamps = services.GetRequiredService<SessionStamps>();
        var valid = principal is not null && await stamps.IsCurrentAsync(
            principal.FindFirstValue(ClaimTypes.NameIdentifier), principal.FindFirstValue(stampClaim), context.HttpContext.RequestAborted);
        if (!valid && principal is not null && await SessionRefreshEndpoint.AdmitsAsync(context.HttpContext, principal, principal.FindFirstValue(stampClaim), stamps))
        {
            // The old stamp, once, on the renewal path with its ticket: the endpoint re-issues the cookie.
            return;
        }

        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        // Identity's own validator still refreshes the cookie's claims now and then.
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
