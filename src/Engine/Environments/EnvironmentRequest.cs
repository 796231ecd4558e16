namespace Portal.Engine.Environments;

/// <summary>
/// Body of <c>POST /api/v1/environments</c> and <c>PUT /api/v1/environments/{env}</c>. On an update a secret
/// left out (or empty) keeps the stored one; the kind decides which of the connection fields count.
/// </summary>
public sealed record EnvironmentRequest
{
    /// <summary>1-64 lower-case letters, digits and '-'; on an update, a different name renames.</summary>
    public string? Name { get; init; }

    /// <summary><c>socket</c>, <c>tcp+tls</c> or <c>ssh</c>.</summary>
    public string? Kind { get; init; }

    /// <summary><c>unix:///path</c>, <c>tcp://host:port</c> or <c>ssh://user@host[:port]</c>, following the kind.</summary>
    public string? Uri { get; init; }

    public string? Description { get; init; }

    /// <summary>Lower-case words such as <c>prod</c> or <c>eu</c>.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>PEM of the CA the engine's certificate chains to (tcp+tls).</summary>
    public string? TlsCa { get; init; }

    /// <summary>PEM of Portal's client certificate (tcp+tls).</summary>
    public string? TlsCert { get; init; }

    /// <summary>PEM of the client certificate's private key (tcp+tls); stored encrypted, never returned.</summary>
    public string? TlsKey { get; init; }

    /// <summary>The SSH private key, OpenSSH or PEM (ssh); stored encrypted, never returned.</summary>
    public string? SshKey { get; init; }

    /// <summary>The host key the administrator confirmed after a test, <c>SHA256:…</c> (ssh).</summary>
    public string? SshHostKeyFingerprint { get; init; }

    /// <summary>Secrets stay out of logs.</summary>
    public override string ToString() => $"{Name} ({Kind}, {Uri})";
}
