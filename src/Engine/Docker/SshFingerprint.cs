using System.Security.Cryptography;

namespace Portal.Engine.Docker;

/// <summary>
/// SSH host key fingerprints as <c>ssh-keygen -lf</c> prints them: <c>SHA256:</c> and the unpadded
/// base64 of the SHA-256 of the key blob, so an admin can compare what Portal shows with the host's own.
/// </summary>
public static class SshFingerprint
{
    public const string Prefix = "SHA256:";

    /// <summary>The fingerprint of a host key blob (the bytes of the key as sent in the key exchange).</summary>
    public static string Of(ReadOnlySpan<byte> hostKeyBlob) => Prefix + Convert.ToBase64String(SHA256.HashData(hostKeyBlob)).TrimEnd('=');

    /// <summary>
    /// A pasted fingerprint in the canonical form (prefix, no padding, no spaces), or null when it is not
    /// a SHA-256 fingerprint at all. Base64 is case-sensitive, so the hash part is kept as written.
    /// </summary>
    public static string? Normalize(string? fingerprint)
    {
        var text = fingerprint?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var hash = text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? text[Prefix.Length..] : text;
        hash = hash.TrimEnd('=');
        // 32 bytes are 43 base64 characters without padding.
        return hash.Length == 43 && hash.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/') ? Prefix + hash : null;
    }

    /// <summary>True when both name the same key (compared in the canonical form).</summary>
    public static bool Matches(string? pinned, string offered) =>
        Normalize(pinned) is { } expected && string.Equals(expected, Normalize(offered), StringComparison.Ordinal);
}
