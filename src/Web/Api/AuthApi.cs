using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Audit;
using Portal.Engine.Pipeline;
using Portal.Engine.Tokens;
using Portal.Web.Security;
using Portal.Web.Security.TwoFactor;

namespace Portal.Web.Api;

/// <summary>Body of <c>POST /api/v1/auth/token</c>.</summary>
/// <remarks><paramref name="Totp"/>: the current authenticator code, required when the account has two-factor sign-in on.</remarks>
public sealed record TokenRequest(string Username, string Password, string? Name, bool? ReadOnly, int? ExpiresInDays, string? Totp = null);

/// <summary><c>/api/v1/auth/token</c>: trade a password for a personal access token.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", async ([FromBody] TokenRequest request, UserManager<PortalUser> users, TeamStore teams,
            TokenOperations tokens, SignInAudit audit, HttpContext http) =>
        {
            var remote = http.Connection.RemoteIpAddress?.ToString();
            var user = await users.FindByNameAsync(request.Username ?? "");
            // One message for every failure, so the endpoint does not reveal which accounts exist.
            var refused = Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
                detail: "Wrong user name or password, or the account is locked or disabled.");
            var reason = user is null ? "unknown user" : user.Disabled ? "account disabled" : await users.IsLockedOutAsync(user) ? "account locked" : null;
            if (reason is null && !await users.CheckPasswordAsync(user!, request.Password ?? ""))
            {
                await users.AccessFailedAsync(user!);
                reason = "wrong password";
            }

            if (reason is not null)
            {
                await audit.RecordAsync(SignInAudit.TokenSignIn, request.Username ?? "", remote, succeeded: false, reason);
                return refused;
            }

            // Only after the password was right does the answer say a code is needed.
            if (await users.GetTwoFactorEnabledAsync(user!))
            {
                var code = TwoFactorAccounts.NormalizeCode(request.Totp);
                var codeOk = TwoFactorAccounts.LooksLikeTotp(code)
                    && await users.VerifyTwoFactorTokenAsync(user!, users.Options.Tokens.AuthenticatorTokenProvider, code);
                if (!codeOk)
                {
                    if (!string.IsNullOrEmpty(request.Totp))
                    {
                        // A wrong code counts toward the lockout like a wrong password.
                        await users.AccessFailedAsync(user!);
                    }

                    await audit.RecordAsync(SignInAudit.TokenSignIn, user!.UserName ?? "", remote, succeeded: false,
                        string.IsNullOrEmpty(request.Totp) ? "authenticator code missing" : "wrong authenticator code");
                    return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authenticator code required",
                        detail: string.IsNullOrEmpty(request.Totp)
                            ? "This account signs in with an authenticator code: send the current one as \"totp\"."
                            : "The authenticator code (\"totp\") is not right.");
                }
            }

            await users.ResetAccessFailedCountAsync(user!);
            await audit.RecordAsync(SignInAudit.TokenSignIn, user!.UserName ?? "", remote, succeeded: true, null);
            var memberships = await teams.GetMembershipsAsync(user.Id, http.RequestAborted);
            var actor = new Actor(user.Id, user.UserName ?? "", await users.IsInRoleAsync(user, PortalRoles.Admin),
                memberships.ToDictionary(m => m.Team, m => m.Role, StringComparer.OrdinalIgnoreCase));
            var issued = await tokens.CreateAsync(actor, request.Name, request.ReadOnly ?? false, request.ExpiresInDays, http.RequestAborted);
            return Results.Ok(TokensApi.From(issued));
        }).AllowAnonymous().RequireRateLimiting(SignInRateLimits.Policy)
            .WithTags("Auth").WithSummary("Exchange user name and password (and the authenticator code as totp, when two-factor sign-in is on) for a personal access token (readOnly, expiresInDays optional).");
        return api;
    }
}
