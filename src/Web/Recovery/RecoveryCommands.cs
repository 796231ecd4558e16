using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Recovery;

/// <summary>
/// What the host administration socket can do when nobody can sign in: reset a password, create
/// or re-enable an administrator, revoke tokens. Each command runs through the pipeline for the
/// actor <c>host:uid=N</c>, so each use is audited.
/// </summary>
public sealed class RecoveryCommands(OperationRunner runner, UserManager<PortalUser> users, TokenStore tokens, TimeProvider time)
{
    /// <summary>Names of the commands, for <c>help</c>.</summary>
    public static readonly IReadOnlyList<string> Names = ["reset-password", "create-admin", "revoke-tokens", "disable-totp", "help"];

    /// <summary>The actor a host caller with user id <paramref name="uid"/> acts as.</summary>
    public static Actor HostActor(uint uid)
    {
        var name = $"host:uid={uid}";
        return new Actor(name, name, IsAdmin: true, new Dictionary<string, TeamRole>());
    }

    public async Task<RecoveryResponse> RunAsync(uint uid, RecoveryRequest request, CancellationToken cancellationToken)
    {
        var actor = HostActor(uid);
        try
        {
            return request.Command switch
            {
                "reset-password" => await ResetPasswordAsync(actor, Required(request.User), request.Password, cancellationToken),
                "create-admin" => await CreateAdminAsync(actor, Required(request.User), request.Password, cancellationToken),
                "revoke-tokens" => await RevokeTokensAsync(actor, request.User, cancellationToken),
                "disable-totp" => await DisableTotpAsync(actor, Required(request.User), cancellationToken),
                "help" => new RecoveryResponse(true, "Commands: " + string.Join(", ", Names)),
                _ => new RecoveryResponse(false, $"Unknown command '{request.Command}'. Commands: {string.Join(", ", Names)}"),
            };
        }
        catch (OperationFailedException ex)
        {
            return new RecoveryResponse(false, ex.Message);
        }
    }

    private Task<RecoveryResponse> ResetPasswordAsync(Actor actor, string userName, string? password, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "recovery.reset-password", userName, async (ctx, ct) =>
        {
            var user = await users.FindByNameAsync(userName) ?? throw OperationFailedException.NotFound("user", userName);
            var (chosen, generated) = Choose(password);
            await SetPasswordAsync(user, chosen);
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            ctx.Detail = generated ? "generated password" : "password given";
            return new RecoveryResponse(true, $"Password of '{user.UserName}' reset; their other sessions ended.", generated ? chosen : null);
        }, cancellationToken);

    private Task<RecoveryResponse> CreateAdminAsync(Actor actor, string userName, string? password, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "recovery.create-admin", userName, async (ctx, ct) =>
        {
            var user = await users.FindByNameAsync(userName);
            if (user is null)
            {
                var (chosen, generated) = Choose(password);
                user = new PortalUser { UserName = userName, CreatedAt = time.GetUtcNow().UtcDateTime };
                Check(await users.CreateAsync(user, chosen));
                Check(await users.AddToRoleAsync(user, PortalRoles.Admin));
                ctx.Detail = "created";
                return new RecoveryResponse(true, $"Created administrator '{userName}'.", generated ? chosen : null);
            }

            // An existing account is re-enabled and made an administrator; its password changes only when one is given.
            var changes = new List<string>();
            if (user.Disabled)
            {
                user.Disabled = false;
                Check(await users.UpdateAsync(user));
                changes.Add("re-enabled");
            }

            if (!await users.IsInRoleAsync(user, PortalRoles.Admin))
            {
                Check(await users.AddToRoleAsync(user, PortalRoles.Admin));
                changes.Add("made administrator");
            }

            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            if (!string.IsNullOrEmpty(password))
            {
                await SetPasswordAsync(user, password);
                changes.Add("password set");
            }

            ctx.Detail = changes.Count == 0 ? "already an enabled administrator" : string.Join(", ", changes);
            return new RecoveryResponse(true, $"'{user.UserName}' is an enabled administrator ({ctx.Detail}).");
        }, cancellationToken);

    private Task<RecoveryResponse> RevokeTokensAsync(Actor actor, string? userName, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "recovery.revoke-tokens", string.IsNullOrWhiteSpace(userName) ? "*" : userName, async (ctx, ct) =>
        {
            string? userId = null;
            if (!string.IsNullOrWhiteSpace(userName))
            {
                userId = (await users.FindByNameAsync(userName) ?? throw OperationFailedException.NotFound("user", userName)).Id;
            }

            var count = await tokens.RevokeAllAsync(userId, ct);
            ctx.Detail = $"{count} tokens revoked";
            return new RecoveryResponse(true, userId is null ? $"Revoked all {count} live tokens." : $"Revoked {count} tokens of '{userName}'.");
        }, cancellationToken);

    /// <summary>For a person who lost both the authenticator and the recovery codes.</summary>
    private Task<RecoveryResponse> DisableTotpAsync(Actor actor, string userName, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "recovery.disable-totp", userName, async (ctx, ct) =>
        {
            var user = await users.FindByNameAsync(userName) ?? throw OperationFailedException.NotFound("user", userName);
            var wasOn = await users.GetTwoFactorEnabledAsync(user);
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            // The old secret may be on a lost phone: a later enable starts from a new one.
            Check(await users.ResetAuthenticatorKeyAsync(user));
            ctx.Detail = wasOn ? "turned off" : "was already off";
            return new RecoveryResponse(true, wasOn
                ? $"Two-factor sign-in of '{user.UserName}' is off; their sessions ended."
                : $"Two-factor sign-in of '{user.UserName}' was already off.");
        }, cancellationToken);

    private async Task SetPasswordAsync(PortalUser user, string password)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, password));
    }

    private static (string Password, bool Generated) Choose(string? password) =>
        string.IsNullOrEmpty(password)
            ? (Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('/', 'x').Replace('+', 'y'), true)
            : (password, false);

    private static string Required(string? user) =>
        string.IsNullOrWhiteSpace(user) ? throw OperationFailedException.Invalid("Name the user.") : user.Trim();

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw OperationFailedException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
