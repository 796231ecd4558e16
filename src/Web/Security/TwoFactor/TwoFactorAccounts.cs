using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.Engine.Users;
using QRCoder;

namespace Portal.Web.Security.TwoFactor;

/// <summary>
/// TOTP through Identity's built-in authenticator token provider (RFC 6238, 30-second steps,
/// six digits). The changes are the Engine's <see cref="AccountOperations"/> (pipeline and audit);
/// each rotates the security stamp, ending the user's sessions: the page keeps its own through
/// <see cref="SessionRefreshTickets"/> (a circuit cannot write the cookie).
/// </summary>
public sealed class TwoFactorAccounts(UserManager<PortalUser> users, IUserStore<PortalUser> store, ActorFactory actors, AccountOperations account, SessionStamps stamps)
    : ITwoFactorAccounts
{
    public async Task<bool> SessionCurrentAsync(ClaimsPrincipal who)
    {
        ArgumentNullException.ThrowIfNull(who);
        return await stamps.IsCurrentAsync(who.FindFirstValue(ClaimTypes.NameIdentifier), who.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType), CancellationToken.None);
    }

    public const string Issuer = "Portal";

    public async Task<TwoFactorState> GetStateAsync(ClaimsPrincipal who)
    {
        var user = await users.GetUserAsync(who) ?? throw new InvalidOperationException("Not signed in.");
        if (!await users.HasPasswordAsync(user))
        {
            return new TwoFactorState(false, false, null, null, null, 0);
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return new TwoFactorState(true, true, null, null, null, await users.CountRecoveryCodesAsync(user));
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // A first secret, stored without rotating the stamp (Identity's reset would end every session): while
            // two-factor sign-in is off the secret opens nothing, and turning it on rotates the stamp anyway.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<PortalUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            UserAccountsCheck(await users.UpdateAsync(user));
        }

        var uri = AuthenticatorUri(user.UserName ?? "", key);
        return new TwoFactorState(true, false, Grouped(key), uri, QrCodeSvg(uri), 0);
    }

    public async Task<IReadOnlyList<string>?> EnableAsync(ClaimsPrincipal who, string? code)
    {
        var actor = await ActorAsync(who);
        return await RefusedAsNullAsync(() => account.EnableTwoFactorAsync(actor, code, CancellationToken.None));
    }

    public async Task<bool> DisableAsync(ClaimsPrincipal who, string? code)
    {
        var actor = await ActorAsync(who);
        return await RefusedAsNullAsync(async () =>
        {
            await account.DisableTwoFactorAsync(actor, code, CancellationToken.None);
            return Array.Empty<string>();
        }) is not null;
    }

    public async Task<IReadOnlyList<string>?> NewRecoveryCodesAsync(ClaimsPrincipal who, string? code)
    {
        var actor = await ActorAsync(who);
        return await RefusedAsNullAsync(() => account.NewRecoveryCodesAsync(actor, code, CancellationToken.None));
    }

    /// <summary>The URI authenticator apps read: <c>otpauth://totp/Portal:alice?secret=…&amp;issuer=Portal&amp;digits=6</c>.</summary>
    public static string AuthenticatorUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    private async Task<Actor> ActorAsync(ClaimsPrincipal who) =>
        await actors.FromPrincipalAsync(who, CancellationToken.None) ?? throw new InvalidOperationException("Not signed in.");

    /// <summary>Runs one change (the operation audits it); a refusal (wrong code) becomes null, as the page expects.</summary>
    private static async Task<IReadOnlyList<string>?> RefusedAsNullAsync(Func<Task<IReadOnlyList<string>>> change)
    {
        try
        {
            return await change();
        }
        catch (OperationFailedException ex) when (ex.Outcome == OperationOutcome.Forbidden)
        {
            return null;
        }
    }

    private static void UserAccountsCheck(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    private static string QrCodeSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
