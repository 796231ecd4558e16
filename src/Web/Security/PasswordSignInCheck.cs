using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Pipeline;
using Portal.Engine.Users;

namespace Portal.Web.Security;

/// <summary>
/// The password (and authenticator code) check of <c>POST /api/v1/auth/token</c>: lockout,
/// disabled accounts and two-factor sign-in as the browser sign-in has them, each attempt audited.
/// On success the caller gets the person's <see cref="Actor"/>, built by <see cref="ActorFactory"/>.
/// </summary>
public sealed class PasswordSignInCheck(UserManager<PortalUser> users, SignInAudit audit, ActorFactory actors)
{
    /// <summary>The actor on success, else the answer to send (401, one message for every unknown or wrong credential).</summary>
    public async Task<(Actor? Actor, IResult? Refusal)> CheckAsync(string? userName, string? password, string? totp, string? remote, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName ?? "");
        // One message for every failure, so the endpoint does not reveal which accounts exist.
        var refused = Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
            detail: "Wrong user name or password, or the account is locked or disabled.");
        var reason = user is null ? "unknown user" : user.Disabled ? "account disabled" : await users.IsLockedOutAsync(user) ? "account locked" : null;
        if (reason is null && !await users.CheckPasswordAsync(user!, password ?? ""))
        {
            await users.AccessFailedAsync(user!);
            reason = "wrong password";
        }

        if (reason is not null)
        {
            await audit.RecordAsync(SignInAudit.TokenSignIn, userName ?? "", remote, succeeded: false, reason);
            return (null, refused);
        }

        // Only after the password was right does the answer say a code is needed.
        if (await users.GetTwoFactorEnabledAsync(user!))
        {
            var code = TwoFactorCodes.Normalize(totp);
            var codeOk = TwoFactorCodes.LooksLikeTotp(code)
                && await users.VerifyTwoFactorTokenAsync(user!, users.Options.Tokens.AuthenticatorTokenProvider, code);
            if (!codeOk)
            {
                if (!string.IsNullOrEmpty(totp))
                {
                    // A wrong code counts toward the lockout like a wrong password.
                    await users.AccessFailedAsync(user!);
                }

                await audit.RecordAsync(SignInAudit.TokenSignIn, user!.UserName ?? "", remote, succeeded: false,
                    string.IsNullOrEmpty(totp) ? "authenticator code missing" : "wrong authenticator code");
                return (null, Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authenticator code required",
                    detail: string.IsNullOrEmpty(totp)
                        ? "This account signs in with an authenticator code: send the current one as \"totp\"."
                        : "The authenticator code (\"totp\") is not right."));
            }
        }

        await users.ResetAccessFailedCountAsync(user!);
        await audit.RecordAsync(SignInAudit.TokenSignIn, user!.UserName ?? "", remote, succeeded: true, null);
        var actor = await actors.ForUserAsync(user.Id, user.UserName ?? "", await users.IsInRoleAsync(user, PortalRoles.Admin), cancellationToken);
        return (actor, null);
    }
}
