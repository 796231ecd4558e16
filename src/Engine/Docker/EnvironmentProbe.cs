namespace Portal.Engine.Docker;

/// <summary>
/// What testing an environment found: whether its engine answered (and which versions), or why not; the SSH
/// host key the host offered (also when it is not pinned yet, so an admin can confirm it) and the subject of
/// the engine's TLS certificate.
/// </summary>
/// <param name="Reachable">True when the engine answered its version over the checked transport.</param>
/// <param name="Error">Why not, as <see cref="EngineStatus.Reason"/> says it; null when reachable.</param>
/// <param name="ServerVersion">The engine's version, when it answered.</param>
/// <param name="ApiVersion">The API version Portal would speak with it (the lower of both maxima).</param>
/// <param name="SshHostKeyFingerprint">The host key the SSH server offered, <c>SHA256:…</c>, pinned or not.</param>
/// <param name="TlsServerSubject">The subject of the certificate the engine presented (tcp+tls).</param>
public sealed record EnvironmentProbe(bool Reachable, string? Error, string? ServerVersion, string? ApiVersion,
    string? SshHostKeyFingerprint, string? TlsServerSubject);
