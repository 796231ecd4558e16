using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using QRCoder;

namespace Portal.Web.Security.TwoFactor;

/// <summary>
/// TOTP through Identity's built-in authenticator token provider (RFC 6238, 30-second steps,
/// six digits). Every change rotates the security stamp (Identity does it), ending the user's
/// other sessions; this session is signed in again so it stays.
/// </summary>
public sealed class TwoFactorAccounts(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, SignInAudit audit, IHttpContextAccessor http)
    : ITwoFactorAccounts
{
    public const int RecoveryCodeCount = 10;

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
            await users.ResetAuthenticatorKeyAsync(user);
            // The reset rotated the stamp; keep this session.
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        var uri = AuthenticatorUri(user.UserName ?? "", key);
        return new TwoFactorState(true, false, Grouped(key), uri, QrCodeSvg(uri), 0);
    }

    public async Task<IReadOnlyList<string>?> EnableAsync(ClaimsPrincipal who, string? code)
    {
        var user = await users.GetUserAsync(who) ?? throw new InvalidOperationException("Not signed in.");
        if (!await users.HasPasswordAsync(user) || !await VerifyCodeAsync(user, code))
        {
            await RecordAsync("auth.totp.enable", user, false, "wrong code");
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        await signIn.RefreshSignInAsync(user);
        await RecordAsync("auth.totp.enable", user, true, null);
        return codes;
    }

    public async Task<bool> DisableAsync(ClaimsPrincipal who, string? code)
    {
        var user = await users.GetUserAsync(who) ?? throw new InvalidOperationException("Not signed in.");
        var ok = await VerifyCodeAsync(user, code) || await users.RedeemTwoFactorRecoveryCodeAsync(user, (code ?? "").Replace(" ", "", StringComparison.Ordinal)) is { Succeeded: true };
        if (!ok)
        {
            await RecordAsync("auth.totp.disable", user, false, "wrong code");
            return false;
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        // A later enable must show a new secret: the old one may have been seen.
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        await RecordAsync("auth.totp.disable", user, true, null);
        return true;
    }

    public async Task<IReadOnlyList<string>?> NewRecoveryCodesAsync(ClaimsPrincipal who, string? code)
    {
        var user = await users.GetUserAsync(who) ?? throw new InvalidOperationException("Not signed in.");
        if (!await users.GetTwoFactorEnabledAsync(user) || !await VerifyCodeAsync(user, code))
        {
            await RecordAsync("auth.totp.recovery-codes", user, false, "wrong code");
            return null;
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        await signIn.RefreshSignInAsync(user);
        await RecordAsync("auth.totp.recovery-codes", user, true, null);
        return codes;
    }

    /// <summary>The URI authenticator apps read: <c>otpauth://totp/Portal:alice?secret=…&amp;issuer=Portal&amp;digits=6</c>.</summary>
    public static string AuthenticatorUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>Strips the spaces and dashes people type between digit groups.</summary>
    public static string NormalizeCode(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    /// <summary>True for six digits: an authenticator code, as opposed to a recovery code.</summary>
    public static bool LooksLikeTotp(string normalized) => normalized.Length == 6 && normalized.All(char.IsAsciiDigit);

    private Task<bool> VerifyCodeAsync(PortalUser user, string? code)
    {
        var normalized = NormalizeCode(code);
        return LooksLikeTotp(normalized)
            ? users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalized)
            : Task.FromResult(false);
    }

    private Task RecordAsync(string action, PortalUser user, bool succeeded, string? reason) =>
        audit.RecordAsync(action, user.UserName ?? "", http.HttpContext?.Connection.RemoteIpAddress?.ToString(), succeeded, reason);

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
