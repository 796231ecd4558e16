namespace Portal.Data.Entities;

/// <summary>How Portal reaches an environment's engine.</summary>
public enum EnvironmentKind
{
    /// <summary>A Unix socket on Portal's host, <c>unix:///…</c>.</summary>
    Socket = 0,

    /// <summary>The engine's TCP API with mutual TLS (<c>dockerd --tlsverify</c>), <c>tcp://host:2376</c>.</summary>
    TcpTls = 1,

    /// <summary><c>docker system dial-stdio</c> run over SSH, as the docker CLI does, <c>ssh://user@host[:port]</c>.</summary>
    Ssh = 2,
}
