using Portal.Engine.Docker;

namespace Portal.Engine.Tests.Docker;

/// <summary>Fingerprints read exactly as <c>ssh-keygen -lf</c> prints them (the vectors below are its output).</summary>
public sealed class SshFingerprintTests
{
    [Theory]
    [InlineData("AAAAC3NzaC1lZDI1NTE5AAAAIG3SrYXVjMNKE/Zx0My32X5+NI/nu5jYick/ZMtq1UBk", "SHA256:S4lLhy4TpB0vR1/daWqzQHNhmSLDbXWHNKKmSIF+7WU")]
    [InlineData("AAAAB3NzaC1yc2EAAAADAQABAAAAgQClGnl2COF3U9GacVeb0GuyTzroJX07qkaaYmIQ1iNdlDkTvjrxhRpRXpHEWcYto3r0W4u453lwE0rkpkFpKPPdN3RmksuHt0LKmEG5BkyJYiuimI/SQaEzhxlKvEo/MdHbEfIu2Dw7D6mdYR2Ff+3XJpxTNn6q9UjSLipiWbbjTQ==", "SHA256:o3iWqXl6MXOmEHvB5LGmoZiazfs1LkWrJruN59DDyT0")]
    public void Of_KeyBlob_MatchesSshKeygen(string publicKeyBase64, string expected)
    {
        Assert.Equal(expected, SshFingerprint.Of(Convert.FromBase64String(publicKeyBase64)));
    }

    [Theory]
    [InlineData("SHA256:S4lLhy4TpB0vR1/daWqzQHNhmSLDbXWHNKKmSIF+7WU", "SHA256:S4lLhy4TpB0vR1/daWqzQHNhmSLDbXWHNKKmSIF+7WU")]
    [InlineData("  sha256:S4lLhy4TpB0vR1/daWqzQHNhmSLDbXWHNKKmSIF+7WU= ", "SHA256:S4lLhy4TpB0vR1/daWqzQHNhmSLDbXWHNKKmSIF+7WU")]
    [InlineData("S4lLhy4TpB0vR1/daWqzQHNhmSLDbXWHNKKmSIF+7WU", "SHA256:S4lLhy4TpB0vR1/daWqzQHNhmSLDbXWHNKKmSIF+7WU")]
    [InlineData("MD5:12:34", null)]
    [InlineData("SHA256:short", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalize_AcceptsWhatAdminsPaste_RejectsOtherHashes(string? pasted, string? expected)
    {
        Assert.Equal(expected, SshFingerprint.Normalize(pasted));
    }

    [Fact]
    public void Matches_IsCaseSensitiveInTheHash()
    {
        const string Key = "SHA256:S4lLhy4TpB0vR1/daWqzQHNhmSLDbXWHNKKmSIF+7WU";

        Assert.True(SshFingerprint.Matches(Key + "=", Key));
        Assert.False(SshFingerprint.Matches(Key[..7] + Key[7..].ToUpperInvariant(), Key));
        Assert.False(SshFingerprint.Matches(null, Key));
    }
}
