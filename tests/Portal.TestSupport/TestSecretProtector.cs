using System.Text;
using Portal.Engine.Registries;

namespace Portal.TestSupport;

/// <summary>
/// A reversible, visibly-not-plain encoding for Engine-only hosts, which have no Data Protection
/// keys; the web host's real protector is tested through the API.
/// </summary>
public sealed class TestSecretProtector : ISecretProtector
{
    private const string Prefix = "test-protected:";

    public string Protect(string plaintext) => Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext));

    public string Unprotect(string ciphertext) =>
        ciphertext.StartsWith(Prefix, StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(ciphertext[Prefix.Length..]))
            : throw new InvalidOperationException("Not made by TestSecretProtector.");
}
