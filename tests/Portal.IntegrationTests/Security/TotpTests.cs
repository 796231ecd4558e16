using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>The test's own RFC 6238 calculator (which the TOTP tests trust) against the RFC's published vectors.</summary>
public sealed class TotpTests
{
    // RFC 6238 appendix B, SHA-1 seed "12345678901234567890", 8 digits.
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Code_MatchesRfc6238Vectors(long unixSeconds, string expected)
    {
        var secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // base32 of "12345678901234567890"

        Assert.Equal(expected, Totp.Code(secret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8));
    }

    [Fact]
    public void Base32Decode_IgnoresSpacesAndCase() =>
        Assert.Equal("12345678901234567890"u8.ToArray(), Totp.Base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"));
}
