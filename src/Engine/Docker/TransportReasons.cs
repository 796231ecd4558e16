using System.Globalization;

namespace Portal.Engine.Docker;

/// <summary>
/// The sentences a refused or failed connection shows (in <see cref="EngineStatus.Reason"/> and the UI): each
/// names the check that failed and what to fix, never a secret.
/// </summary>
public static class TransportReasons
{
    /// <summary>How long a TCP or SSH connect may take before the engine counts as unreachable.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a TLS or SSH handshake may take after the connect.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public static string Unreachable(string endpoint) =>
        string.Create(CultureInfo.InvariantCulture, $"Cannot reach {endpoint}: no answer within {ConnectTimeout.TotalSeconds:0} s (host down or unreachable).");

    public static string Refused(string endpoint) => $"Connection refused at {endpoint}: no Docker engine (or SSH server) listens there.";

    public static string CaUntrusted(string endpoint) => $"TLS: the engine certificate at {endpoint} is not signed by the configured CA.";

    public static string ClientCertificateRefused(string endpoint) =>
        $"TLS: the engine at {endpoint} refused Portal's client certificate (it is not signed by a CA the engine trusts).";

    public static string HostNameMismatch(string endpoint, string host) =>
        $"TLS host name mismatch: the engine certificate at {endpoint} is not issued for {host}.";

    public static string TlsMaterialInvalid(string what) => $"TLS: the configured {what} is not valid PEM.";

    public static string HostKeyNotConfirmed(string host, string? offered) =>
        offered is null
            ? $"SSH host key of {host} is not confirmed: confirm the host key first."
            : $"SSH host key of {host} is not confirmed: confirm the host key first (the host offers {offered}).";

    public static string HostKeyChanged(string host, string expected, string offered) =>
        $"SSH host key of {host} changed: expected {expected}, the host offered {offered}.";

    public static string SshAuthenticationRefused(string user, string host) => $"SSH authentication refused for user {user} on {host}.";

    public static string SshKeyInvalid() => "SSH: the configured private key cannot be read (OpenSSH or PEM, without passphrase).";

    public static string DialStdioFailed(string host, int? exitStatus, string? error)
    {
        var detail = string.IsNullOrWhiteSpace(error) ? null : error.Trim().ReplaceLineEndings(" ");
        return exitStatus == 127
            ? $"SSH: the remote docker CLI is missing on {host} (`docker system dial-stdio`: command not found)."
            : string.Create(CultureInfo.InvariantCulture, $"SSH: `docker system dial-stdio` failed on {host} (exit {exitStatus?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}){(detail is null ? "." : ": " + detail)}");
    }
}
