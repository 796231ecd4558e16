using Portal.Data.Entities;

namespace Portal.Engine.Docker;

/// <summary>
/// Everything needed to reach one environment's engine, secrets in plain text (decrypted from the
/// endpoints row just before use, never logged, never returned by the API).
/// </summary>
/// <param name="Name">The environment's name, for messages.</param>
/// <param name="Kind">Socket, TCP with mutual TLS, or SSH.</param>
/// <param name="Uri"><c>unix:///…</c>, <c>tcp://host:2376</c> or <c>ssh://user@host[:port]</c>.</param>
public sealed record EnvironmentDefinition(string Name, EnvironmentKind Kind, string Uri)
{
    /// <summary>PEM of the CA the engine's certificate must chain to (tcp+tls).</summary>
    public string? TlsCaPem { get; init; }

    /// <summary>PEM of Portal's client certificate (tcp+tls).</summary>
    public string? TlsClientCertPem { get; init; }

    /// <summary>PEM of the client certificate's private key (tcp+tls).</summary>
    public string? TlsClientKeyPem { get; init; }

    /// <summary>The SSH private key, OpenSSH or PEM format (ssh).</summary>
    public string? SshPrivateKey { get; init; }

    /// <summary>The confirmed host key, <c>SHA256:…</c> as <c>ssh-keygen -l</c> prints it (ssh); nothing connects without it.</summary>
    public string? SshHostKeyFingerprint { get; init; }

    /// <summary>Secrets stay out of logs and exception messages.</summary>
    public override string ToString() => $"{Name} ({Kind}, {Uri})";
}
