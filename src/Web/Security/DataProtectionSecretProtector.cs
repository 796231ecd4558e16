using Microsoft.AspNetCore.DataProtection;
using Portal.Engine.Registries;

namespace Portal.Web.Security;

/// <summary>Registry secrets encrypted with the host's Data Protection keys (persisted in the data folder).</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    // A purpose of its own: ciphertext made for cookies or tokens can never be read as a registry secret.
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Registries.Secret.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string ciphertext) => _protector.Unprotect(ciphertext);
}
