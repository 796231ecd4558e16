using System.Security.Claims;

namespace Portal.Web.Security.TwoFactor;

/// <summary>A local account's second factor as the account page shows it.</summary>
/// <param name="Local">False for accounts that sign in through a provider (no password): TOTP is not offered.</param>
/// <param name="Enabled">True once a code was confirmed: sign-in then asks for one after the password.</param>
/// <param name="SharedKey">The authenticator secret (base32, in groups of four) while TOTP is being set up; null once enabled.</param>
/// <param name="AuthenticatorUri">The <c>otpauth://totp/…</c> URI for the secret, null once enabled.</param>
/// <param name="QrCodeSvg">The URI as an SVG QR code, null once enabled.</param>
/// <param name="RecoveryCodesLeft">Unused recovery codes (while enabled).</param>
public sealed record TwoFactorState(bool Local, bool Enabled, string? SharedKey, string? AuthenticatorUri, string? QrCodeSvg, int RecoveryCodesLeft);

/// <summary>Enables and disables the authenticator-app second factor of the signed-in user.</summary>
public interface ITwoFactorAccounts
{
    /// <summary>True while the session <paramref name="who"/> signed in with is still valid (its security stamp is the account's).</summary>
    Task<bool> SessionCurrentAsync(ClaimsPrincipal who);

    /// <summary>The state; creates a secret when the account has none yet.</summary>
    Task<TwoFactorState> GetStateAsync(ClaimsPrincipal who);

    /// <summary>Turns TOTP on when <paramref name="code"/> is right; the new recovery codes, or null for a wrong code.</summary>
    Task<IReadOnlyList<string>?> EnableAsync(ClaimsPrincipal who, string? code);

    /// <summary>Turns TOTP off (and forgets the secret) when <paramref name="code"/> is a right code or recovery code.</summary>
    Task<bool> DisableAsync(ClaimsPrincipal who, string? code);

    /// <summary>Replaces the recovery codes when <paramref name="code"/> is right; null for a wrong code.</summary>
    Task<IReadOnlyList<string>?> NewRecoveryCodesAsync(ClaimsPrincipal who, string? code);
}
