namespace Portal.Engine.Docker;

/// <summary>What "test connection" learned about an environment's engine.</summary>
/// <param name="Reachable">True when the engine answered its version call.</param>
/// <param name="Error">Why it did not, in words an administrator can act on.</param>
/// <param name="ServerVersion">The engine's version, for example <c>20.10.24</c>.</param>
/// <param name="ApiVersion">The highest API version the engine speaks.</param>
/// <param name="SshHostKeyFingerprint">The SSH host key the server presented (<c>SHA256:…</c>), for the administrator to confirm.</param>
/// <param name="TlsServerSubject">The subject of the engine's TLS certificate.</param>
public sealed record EnvironmentProbe(bool Reachable, string? Error, string? ServerVersion, string? ApiVersion, string? SshHostKeyFingerprint, string? TlsServerSubject);
