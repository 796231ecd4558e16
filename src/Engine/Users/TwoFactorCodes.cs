using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;

namespace Portal.Engine.Users;

/// <summary>What a typed authenticator code is, and whether it is right for a user now (RFC 6238 through Identity's token provider).</summary>
public static class TwoFactorCodes
{
    /// <summary>How many recovery codes an account gets each time they are made.</summary>
    public const int RecoveryCodeCount = 10;

    /// <summary>Strips the spaces and dashes people type between digit groups.</summary>
    public static string Normalize(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    /// <summary>True for six digits: an authenticator code, as opposed to a recovery code.</summary>
    public static bool LooksLikeTotp(string normalized) => normalized.Length == 6 && normalized.All(char.IsAsciiDigit);

    /// <summary>True when <paramref name="code"/> is the user's current authenticator code.</summary>
    public static Task<bool> VerifyAsync(UserManager<PortalUser> users, PortalUser user, string? code)
    {
        ArgumentNullException.ThrowIfNull(users);
        var normalized = Normalize(code);
        return LooksLikeTotp(normalized)
            ? users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalized)
            : Task.FromResult(false);
    }
}
