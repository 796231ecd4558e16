using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Users;
using Portal.Web.Utils;

namespace Portal.Web.Security.TwoFactor;

/// <summary>The second sign-in step: the code form's post after the password was accepted.</summary>
public static class TwoFactorEndpoints
{
    public const string CodeAction = "/account/login/code";

    public static IEndpointRouteBuilder MapTwoFactorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(CodeAction, async ([FromForm] string? code, [FromForm] string? returnUrl,
            SignInManager<PortalUser> signIn, SignInAudit audit, HttpContext http) =>
        {
            var target = PortalUrls.SafeReturnUrl(returnUrl);
            var remote = http.Connection.RemoteIpAddress?.ToString();
            // Identity's two-factor cookie names the user whose password was accepted (it lasts 5 minutes).
            var user = await signIn.GetTwoFactorAuthenticationUserAsync();
            if (user is null || user.Disabled)
            {
                return Results.Redirect(PortalUrls.Login(target, "Your sign-in expired before the code was entered; enter your password again."));
            }

            var normalized = TwoFactorCodes.Normalize(code);
            var totp = TwoFactorCodes.LooksLikeTotp(normalized);
            var result = totp
                ? await signIn.TwoFactorAuthenticatorSignInAsync(normalized, isPersistent: false, rememberClient: false)
                : await signIn.TwoFactorRecoveryCodeSignInAsync((code ?? "").Replace(" ", "", StringComparison.Ordinal));
            await audit.RecordAsync(SignInAudit.SignIn, user.UserName ?? "", remote, result.Succeeded,
                result.Succeeded ? (totp ? "with an authenticator code" : "with a recovery code")
                : result.IsLockedOut ? "account locked" : totp ? "wrong authenticator code" : "wrong recovery code");
            if (result.Succeeded)
            {
                return Results.LocalRedirect(target);
            }

            return result.IsLockedOut
                ? Results.Redirect(PortalUrls.Login(target, "Too many failed attempts: this account is locked for a few minutes."))
                : Results.Redirect(PortalUrls.LoginCode(target, "That code is not right. Enter the current code from your authenticator app, or a recovery code."));
        }).RequireRateLimiting(SignInRateLimits.Policy);
        return app;
    }
}
