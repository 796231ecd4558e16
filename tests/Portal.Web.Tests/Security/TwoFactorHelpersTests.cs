using Portal.Engine.Users;
using Portal.Web.Security.TwoFactor;

namespace Portal.Web.Tests.Security;

public sealed class TwoFactorHelpersTests
{
    [Fact]
    public void AuthenticatorUri_NamesIssuerUserAndSecret() =>
        Assert.Equal("otpauth://totp/Portal:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Portal&digits=6",
            TwoFactorAccounts.AuthenticatorUri("alice@example.com", "JBSWY3DPEHPK3PXP"));

    [Theory]
    [InlineData("123 456", "123456", true)]
    [InlineData("123-456", "123456", true)]
    [InlineData("12345", "12345", false)]
    [InlineData("abcde-fghij", "abcdefghij", false)]
    [InlineData(null, "", false)]
    public void NormalizeCode_StripsSeparators_LooksLikeTotpOnlyForSixDigits(string? typed, string normalized, bool totp)
    {
        Assert.Equal(normalized, TwoFactorCodes.Normalize(typed));
        Assert.Equal(totp, TwoFactorCodes.LooksLikeTotp(TwoFactorCodes.Normalize(typed)));
    }
}
