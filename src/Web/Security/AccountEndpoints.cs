using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Pipeline;
using Portal.Engine.Users;
using Portal.Web.Utils;

namespace Portal.Web.Security;

/// <summary>Form posts for sign-in, sign-out and password change (they need the HTTP response to set cookies).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", async ([FromForm] string username, [FromForm] string password, [FromForm] string? returnUrl,
            SignInManager<PortalUser> signIn, UserManager<PortalUser> users, SignInAudit audit, HttpContext http) =>
        {
            var target = PortalUrls.SafeReturnUrl(returnUrl);
            var remote = http.Connection.RemoteIpAddress?.ToString();
            var user = await users.FindByNameAsync(username ?? "");
            if (user is null || user.Disabled)
            {
                await audit.RecordAsync(SignInAudit.SignIn, username ?? "", remote, succeeded: false, user is null ? "unknown user" : "account disabled");
                return Results.Redirect(PortalUrls.Login(target, "Wrong user name or password.", username));
            }

            var result = await signIn.PasswordSignInAsync(user, password ?? "", isPersistent: false, lockoutOnFailure: true);
            if (result.RequiresTwoFactor)
            {
                // The password was right; Identity set its short two-factor cookie. Audited at the code step.
                return Results.Redirect(PortalUrls.LoginCode(target, null));
            }

            await audit.RecordAsync(SignInAudit.SignIn, user.UserName ?? "", remote, result.Succeeded,
                result.Succeeded ? null : result.IsLockedOut ? "account locked" : "wrong password");
            if (result.Succeeded)
            {
                return Results.LocalRedirect(target);
            }

            var message = result.IsLockedOut
                ? "Too many failed attempts: this account is locked for a few minutes."
                : "Wrong user name or password.";
            return Results.Redirect(PortalUrls.Login(target, message, username));
        }).RequireRateLimiting(SignInRateLimits.Policy);

        app.MapPost("/account/logout", async (SignInManager<PortalUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.Redirect(PortalUrls.Login(null, null));
        }).RequireAuthorization();

        app.MapPost("/account/password", async ([FromForm] string current, [FromForm] string next, [FromForm] string confirm,
            HttpContext http, ActorFactory actors, AccountOperations account, UserManager<PortalUser> users, SignInManager<PortalUser> signIn) =>
        {
            var actor = await actors.FromPrincipalAsync(http.User, http.RequestAborted);
            if (actor is null)
            {
                return Results.Redirect(PortalUrls.Login(null, null));
            }

            if (next != confirm)
            {
                return Results.Redirect(PortalUrls.Account("The new passwords do not match.", ok: false));
            }

            try
            {
                // Audited as user.password, a wrong current password as refused.
                await account.ChangePasswordAsync(actor, current, next, CancellationToken.None);
            }
            catch (OperationFailedException ex)
            {
                return Results.Redirect(PortalUrls.Account(ex.Message, ok: false));
            }

            // The security stamp changed, ending other sessions; keep this one signed in.
            var user = await users.GetUserAsync(http.User);
            if (user is not null)
            {
                await signIn.RefreshSignInAsync(user);
            }

            return Results.Redirect(PortalUrls.Account("Password changed.", ok: true));
        }).RequireAuthorization();
        return app;
    }
}
