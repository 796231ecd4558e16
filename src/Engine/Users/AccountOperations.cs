using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Users;

/// <summary>
/// What a person changes on their own account: the password and the authenticator second factor.
/// Each runs through the pipeline for the person's actor, so each change, and each refusal (a wrong
/// password or code), is one audit entry; no password or code ever reaches the entry.
/// </summary>
/// <remarks>
/// Every change rotates the security stamp (Identity does it), ending the person's other sessions;
/// the caller signs the current session in again (that needs the HTTP response, so it stays in Web).
/// Identity's <see cref="UserManager{TUser}"/> is used from here as in <see cref="UserOperations"/>.
/// </remarks>
public sealed class AccountOperations(OperationRunner runner, UserManager<PortalUser> users)
{
    /// <summary>Audit action of a password change by its owner.</summary>
    public const string PasswordAction = "user.password";

    /// <summary>Audit action of turning the authenticator on.</summary>
    public const string TwoFactorEnableAction = "user.two-factor.enable";

    /// <summary>Audit action of turning the authenticator off.</summary>
    public const string TwoFactorDisableAction = "user.two-factor.disable";

    /// <summary>Audit action of replacing the recovery codes.</summary>
    public const string RecoveryCodesAction = "user.two-factor.recovery-codes";

    private const string WrongCode = "That code is not right.";

    /// <summary>Changes the actor's password; a wrong current password is refused (forbidden), a weak new one invalid.</summary>
    public Task ChangePasswordAsync(Actor actor, string? current, string? next, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, PasswordAction, actor?.UserName ?? "", async (ctx, ct) =>
        {
            var user = await OwnAsync(actor!).ConfigureAwait(false);
            var result = await users.ChangePasswordAsync(user, current ?? "", next ?? "").ConfigureAwait(false);
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                throw OperationFailedException.Forbidden(string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            UserAccounts.Check(result);
        }, cancellationToken);

    /// <summary>Turns the authenticator on when <paramref name="code"/> is right; returns the new recovery codes (shown once, never audited).</summary>
    public Task<IReadOnlyList<string>> EnableTwoFactorAsync(Actor actor, string? code, CancellationToken cancellationToken) =>
        runner.RunAsync<IReadOnlyList<string>>(actor, TwoFactorEnableAction, actor?.UserName ?? "", async (ctx, ct) =>
        {
            var user = await OwnAsync(actor!).ConfigureAwait(false);
            if (!await users.HasPasswordAsync(user).ConfigureAwait(false))
            {
                throw OperationFailedException.Forbidden("This account signs in through a provider; its second factor is the provider's.");
            }

            if (!await TwoFactorCodes.VerifyAsync(users, user, code).ConfigureAwait(false))
            {
                throw OperationFailedException.Forbidden(WrongCode);
            }

            UserAccounts.Check(await users.SetTwoFactorEnabledAsync(user, true).ConfigureAwait(false));
            return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactorCodes.RecoveryCodeCount).ConfigureAwait(false))?.ToList() ?? [];
        }, cancellationToken);

    /// <summary>Turns the authenticator off (and forgets its secret) when <paramref name="code"/> is a right code or an unused recovery code.</summary>
    public Task DisableTwoFactorAsync(Actor actor, string? code, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, TwoFactorDisableAction, actor?.UserName ?? "", async (ctx, ct) =>
        {
            var user = await OwnAsync(actor!).ConfigureAwait(false);
            var ok = await TwoFactorCodes.VerifyAsync(users, user, code).ConfigureAwait(false)
                || await users.RedeemTwoFactorRecoveryCodeAsync(user, (code ?? "").Replace(" ", "", StringComparison.Ordinal)).ConfigureAwait(false) is { Succeeded: true };
            if (!ok)
            {
                throw OperationFailedException.Forbidden(WrongCode);
            }

            UserAccounts.Check(await users.SetTwoFactorEnabledAsync(user, false).ConfigureAwait(false));
            // A later enable must show a new secret: the old one may have been seen.
            UserAccounts.Check(await users.ResetAuthenticatorKeyAsync(user).ConfigureAwait(false));
        }, cancellationToken);

    /// <summary>Replaces the recovery codes when the authenticator is on and <paramref name="code"/> is right; returns the new ones.</summary>
    public Task<IReadOnlyList<string>> NewRecoveryCodesAsync(Actor actor, string? code, CancellationToken cancellationToken) =>
        runner.RunAsync<IReadOnlyList<string>>(actor, RecoveryCodesAction, actor?.UserName ?? "", async (ctx, ct) =>
        {
            var user = await OwnAsync(actor!).ConfigureAwait(false);
            if (!await users.GetTwoFactorEnabledAsync(user).ConfigureAwait(false))
            {
                throw OperationFailedException.Forbidden("Two-factor sign-in is off: there are no recovery codes to replace.");
            }

            if (!await TwoFactorCodes.VerifyAsync(users, user, code).ConfigureAwait(false))
            {
                throw OperationFailedException.Forbidden(WrongCode);
            }

            return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactorCodes.RecoveryCodeCount).ConfigureAwait(false))?.ToList() ?? [];
        }, cancellationToken);

    /// <summary>The actor's own account: these operations never act on anyone else's.</summary>
    private async Task<PortalUser> OwnAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return await users.FindByIdAsync(actor.UserId).ConfigureAwait(false) ?? throw OperationFailedException.NotFound("user", actor.UserName);
    }
}
