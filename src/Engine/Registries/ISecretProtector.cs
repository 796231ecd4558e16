namespace Portal.Engine.Registries;

/// <summary>
/// Encrypts registry secrets before they reach the store. Implemented by the web host with
/// ASP.NET Data Protection (Engine references no ASP.NET assembly, and the keys live with the host).
/// </summary>
public interface ISecretProtector
{
    /// <summary>Ciphertext for <paramref name="plaintext"/>.</summary>
    string Protect(string plaintext);

    /// <summary>The plain text back; throws when the ciphertext was not made with these keys.</summary>
    string Unprotect(string ciphertext);
}
