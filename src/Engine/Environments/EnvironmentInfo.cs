namespace Portal.Engine.Environments;

/// <summary>
/// An environment as pages and API clients see it: never a secret, only whether one is stored. Connection
/// details (URI, certificates, host key) are filled for administrators only.
/// </summary>
/// <param name="Name">Short name used in routes.</param>
/// <param name="Kind"><c>socket</c>, <c>tcp+tls</c> or <c>ssh</c>.</param>
/// <param name="Description">Free text.</param>
/// <param name="Labels">Lower-case words.</param>
/// <param name="IsLocal">True for the configured engine, which cannot be renamed or removed.</param>
/// <param name="State">Connected, Connecting or Unavailable, from the environment's supervisor.</param>
/// <param name="Reason">Why it is not connected.</param>
/// <param name="ServerVersion">The engine's version once connected.</param>
/// <param name="ApiVersion">The API version Portal speaks with it.</param>
/// <param name="Since">When the state began (UTC).</param>
public sealed record EnvironmentInfo(
    string Name,
    string Kind,
    string? Description,
    IReadOnlyList<string> Labels,
    bool IsLocal,
    string State,
    string? Reason,
    string? ServerVersion,
    string? ApiVersion,
    DateTime? Since)
{
    /// <summary>Row id in the endpoints table (administrators only).</summary>
    public int? Id { get; init; }

    /// <summary>The engine's address (administrators only).</summary>
    public string? Uri { get; init; }

    /// <summary>The CA PEM (public; administrators only).</summary>
    public string? TlsCa { get; init; }

    /// <summary>The client certificate PEM (public; administrators only).</summary>
    public string? TlsCert { get; init; }

    /// <summary>True when a TLS client key is stored.</summary>
    public bool HasTlsKey { get; init; }

    /// <summary>True when an SSH private key is stored.</summary>
    public bool HasSshKey { get; init; }

    /// <summary>The pinned SSH host key (administrators only).</summary>
    public string? SshHostKeyFingerprint { get; init; }

    public DateTime? CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }
}
