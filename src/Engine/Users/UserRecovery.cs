using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Users;

/// <summary>
/// What the host administration socket can do when nobody can sign in: reset a password, create
/// or re-enable an administrator, revoke tokens, turn two-factor sign-in off. Each runs through
/// the pipeline (<c>recovery.*</c>) for the host caller's actor (<see cref="ActorLoader.Host"/>),
/// so each use, and each refused caller, is audited.
/// </summary>
public sealed class UserRecovery(OperationRunner runner, UserManager<PortalUser> users, TokenStore tokens, TimeProvider time)
{
    /// <summary>Audits a caller of the socket; refuses (forbidden, audited) unless the actor is an administrator.</summary>
    public Task ConnectAsync(Actor actor, string refusal, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "recovery.connect", "admin socket", (_, _) =>
            actor.IsAdmin ? Task.CompletedTask : throw OperationFailedException.Forbidden(refusal), cancellationToken);

    /// <summary>Sets the password (a generated one when <paramref name="password"/> is empty) and clears the lockout; other sessions end.</summary>
    public Task<RecoveryResult> ResetPasswordAsync(Actor actor, string userName, string? password, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "recovery.reset-password", userName, async (ctx, ct) =>
        {
            UserAccounts.RequireAdmin(actor);
            var user = await UserAccounts.FindAsync(users, userName).ConfigureAwait(false);
            var (chosen, generated) = Choose(password);
            await UserAccounts.SetPasswordAsync(users, user, chosen).ConfigureAwait(false);
            await UserAccounts.ClearLockoutAsync(users, user).ConfigureAwait(false);
            ctx.Detail = generated ? "generated password" : "password given";
            return new RecoveryResult($"Password of '{user.UserName}' reset; their other sessions ended.", generated ? chosen : null);
        }, cancellationToken);

    /// <summary>Creates an administrator, or makes an existing account an enabled, unlocked administrator (its password changes only when one is given).</summary>
    public Task<RecoveryResult> EnsureAdministratorAsync(Actor actor, string userName, string? password, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "recovery.create-admin", userName, async (ctx, ct) =>
        {
            UserAccounts.RequireAdmin(actor);
            var user = await users.FindByNameAsync(userName).ConfigureAwait(false);
            if (user is null)
            {
                var (chosen, generated) = Choose(password);
                user = new PortalUser { UserName = userName, CreatedAt = time.GetUtcNow().UtcDateTime };
                UserAccounts.Check(await users.CreateAsync(user, chosen).ConfigureAwait(false));
                UserAccounts.Check(await users.AddToRoleAsync(user, PortalRoleNames.Admin).ConfigureAwait(false));
                ctx.Detail = "created";
                return new RecoveryResult($"Created administrator '{userName}'.", generated ? chosen : null);
            }

            var changes = new List<string>();
            if (user.Disabled)
            {
                user.Disabled = false;
                UserAccounts.Check(await users.UpdateAsync(user).ConfigureAwait(false));
                changes.Add("re-enabled");
            }

            if (!await users.IsInRoleAsync(user, PortalRoleNames.Admin).ConfigureAwait(false))
            {
                UserAccounts.Check(await users.AddToRoleAsync(user, PortalRoleNames.Admin).ConfigureAwait(false));
                changes.Add("made administrator");
            }

            await UserAccounts.ClearLockoutAsync(users, user).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(password))
            {
                await UserAccounts.SetPasswordAsync(users, user, password).ConfigureAwait(false);
                changes.Add("password set");
            }

            ctx.Detail = changes.Count == 0 ? "already an enabled administrator" : string.Join(", ", changes);
            return new RecoveryResult($"'{user.UserName}' is an enabled administrator ({ctx.Detail}).");
        }, cancellationToken);

    /// <summary>Revokes every live token of the user, or of everyone when <paramref name="userName"/> is empty.</summary>
    public Task<RecoveryResult> RevokeTokensAsync(Actor actor, string? userName, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "recovery.revoke-tokens", string.IsNullOrWhiteSpace(userName) ? "*" : userName, async (ctx, ct) =>
        {
            UserAccounts.RequireAdmin(actor);
            var userId = string.IsNullOrWhiteSpace(userName) ? null : (await UserAccounts.FindAsync(users, userName).ConfigureAwait(false)).Id;
            var count = await tokens.RevokeAllAsync(userId, ct).ConfigureAwait(false);
            ctx.Detail = $"{count} tokens revoked";
            return new RecoveryResult(userId is null ? $"Revoked all {count} live tokens." : $"Revoked {count} tokens of '{userName}'.");
        }, cancellationToken);

    /// <summary>Turns two-factor sign-in off, for a person who lost both the authenticator and the recovery codes.</summary>
    public Task<RecoveryResult> DisableTwoFactorAsync(Actor actor, string userName, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "recovery.disable-totp", userName, async (ctx, ct) =>
        {
            UserAccounts.RequireAdmin(actor);
            var user = await UserAccounts.FindAsync(users, userName).ConfigureAwait(false);
            var wasOn = await users.GetTwoFactorEnabledAsync(user).ConfigureAwait(false);
            UserAccounts.Check(await users.SetTwoFactorEnabledAsync(user, false).ConfigureAwait(false));
            // The old secret may be on a lost phone: a later enable starts from a new one.
            UserAccounts.Check(await users.ResetAuthenticatorKeyAsync(user).ConfigureAwait(false));
            ctx.Detail = wasOn ? "turned off" : "was already off";
            return new RecoveryResult(wasOn
                ? $"Two-factor sign-in of '{user.UserName}' is off; their sessions ended."
                : $"Two-factor sign-in of '{user.UserName}' was already off.");
        }, cancellationToken);

    private static (string Password, bool Generated) Choose(string? password) =>
        string.IsNullOrEmpty(password)
            ? (Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('/', 'x').Replace('+', 'y'), true)
            : (password, false);
}
