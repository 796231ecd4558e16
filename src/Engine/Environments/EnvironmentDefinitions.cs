using Portal.Data.Entities;
using Portal.Engine.Docker;
using Portal.Engine.Registries;

namespace Portal.Engine.Environments;

/// <summary>
/// The one place an endpoints row becomes an <see cref="EnvironmentDefinition"/> and back: secrets are
/// decrypted here just before a connection or a probe needs them, and encrypted here before they are stored,
/// with the same Data Protection purpose as registry secrets.
/// </summary>
public sealed class EnvironmentDefinitions(ISecretProtector protector)
{
    /// <summary>What it takes to reach the engine of <paramref name="row"/>, secrets in plain text.</summary>
    public EnvironmentDefinition From(EngineEndpoint row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new EnvironmentDefinition(row.Name, row.Kind, row.Uri)
        {
            TlsCaPem = row.TlsCaPem,
            TlsClientCertPem = row.TlsClientCertPem,
            TlsClientKeyPem = row.TlsClientKeyCipher is null ? null : protector.Unprotect(row.TlsClientKeyCipher),
            SshPrivateKey = row.SshPrivateKeyCipher is null ? null : protector.Unprotect(row.SshPrivateKeyCipher),
            SshHostKeyFingerprint = row.SshHostKeyFingerprint,
        };
    }

    /// <summary>The row's environment as the checks see a stored one: its definition, description and labels.</summary>
    internal ValidatedEnvironment Stored(EngineEndpoint row) => new(From(row), row.Description, LabelsOf(row));

    /// <summary>Writes <paramref name="environment"/> into <paramref name="row"/>, secrets as ciphertext.</summary>
    internal void Write(ValidatedEnvironment environment, EngineEndpoint row)
    {
        var d = environment.Definition;
        row.Name = d.Name;
        row.Kind = d.Kind;
        row.Uri = d.Uri;
        row.Description = environment.Description;
        row.Labels = string.Join(',', environment.Labels);
        row.TlsCaPem = d.TlsCaPem;
        row.TlsClientCertPem = d.TlsClientCertPem;
        row.TlsClientKeyCipher = d.TlsClientKeyPem is null ? null : protector.Protect(d.TlsClientKeyPem);
        row.SshPrivateKeyCipher = d.SshPrivateKey is null ? null : protector.Protect(d.SshPrivateKey);
        row.SshHostKeyFingerprint = d.SshHostKeyFingerprint;
    }

    internal static IReadOnlyList<string> LabelsOf(EngineEndpoint row) => row.Labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
