namespace Portal.Data.Entities;

/// <summary>A Docker engine Portal talks to (an "environment").</summary>
public sealed class EngineEndpoint
{
    public int Id { get; set; }

    /// <summary>Short name used in routes and the UI, for example <c>local</c>.</summary>
    public required string Name { get; set; }

    /// <summary>How Portal reaches the engine.</summary>
    public EnvironmentKind Kind { get; set; } = EnvironmentKind.Socket;

    /// <summary>Docker endpoint URI: <c>unix:///var/run/docker.sock</c>, <c>tcp://host:2376</c> or <c>ssh://user@host:22</c>.</summary>
    public required string Uri { get; set; }

    public string? Description { get; set; }

    /// <summary>Free labels such as <c>prod</c> or <c>eu</c>, comma-separated, lower case.</summary>
    public string Labels { get; set; } = "";

    /// <summary>PEM of the CA that signed the engine's certificate (tcp+tls); public, kept as is.</summary>
    public string? TlsCaPem { get; set; }

    /// <summary>PEM of Portal's client certificate for the engine (tcp+tls); public, kept as is.</summary>
    public string? TlsClientCertPem { get; set; }

    /// <summary>The client certificate's private key as Data Protection ciphertext; the plain text is never stored.</summary>
    public string? TlsClientKeyCipher { get; set; }

    /// <summary>The SSH private key (OpenSSH or PEM) as Data Protection ciphertext.</summary>
    public string? SshPrivateKeyCipher { get; set; }

    /// <summary>The SSH host key an administrator confirmed, as <c>SHA256:…</c>; no connection is made without it.</summary>
    public string? SshHostKeyFingerprint { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? UpdatedAt { get; set; }

    public List<EnvironmentGrant> Grants { get; set; } = [];
}
