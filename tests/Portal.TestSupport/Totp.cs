using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Portal.TestSupport;

/// <summary>RFC 6238 time-based one-time passwords (HMAC-SHA1, 30-second steps), computed independently of Portal.</summary>
public static class Totp
{
    /// <summary>The code an authenticator app shows at <paramref name="time"/> for a base32 secret.</summary>
    public static string Code(string base32Secret, DateTimeOffset time, int digits = 6) =>
        Code(Base32Decode(base32Secret), time.ToUnixTimeSeconds() / 30, digits);

    /// <summary>RFC 4226 HOTP for one counter value.</summary>
    public static string Code(byte[] key, long counter, int digits)
    {
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % (int)Math.Pow(10, digits);
        return binary.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>Decodes RFC 4648 base32, ignoring spaces, padding and case.</summary>
    public static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>(clean.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"'{c}' is not base32.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
