namespace Portal.Engine.Admission;

/// <summary>
/// A validated request to run a container, in engine terms. Admission rules judge this record,
/// so every way of creating a container (form, API, compose) must be expressed as one.
/// </summary>
public sealed record ContainerSpec
{
    public required string Image { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    /// <summary>Named volumes as <c>name:/path[:ro]</c>.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    /// <summary>Networks to join by name; the first is given at create, the rest connected before start.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    /// <summary>Host-path binds as <c>/host/path:/path[:ro]</c>.</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];

    /// <summary>no, always, unless-stopped, on-failure[:N].</summary>
    public string Restart { get; init; } = "no";

    public long MemoryBytes { get; init; }

    public long NanoCpus { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Owning team; always set once the request is resolved.</summary>
    public string? Team { get; init; }

    public bool Privileged { get; init; }

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public string? NetworkMode { get; init; }

    public string? PidMode { get; init; }

    public string? IpcMode { get; init; }

    public string? UtsMode { get; init; }

    public string? UsernsMode { get; init; }

    /// <summary>host or private; null is the engine default.</summary>
    public string? CgroupnsMode { get; init; }

    /// <summary>Containers whose volumes to mount, as <c>name[:ro|rw]</c>.</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];

    /// <summary>Namespaced kernel parameters, such as <c>net.ipv4.ip_unprivileged_port_start</c>.</summary>
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    /// <summary>Host devices as <c>/dev/x[:/dev/y[:rwm]]</c>.</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    public IReadOnlyList<string> SecurityOpt { get; init; } = [];

    /// <summary>Keep the container when it fails to start, for inspection.</summary>
    public bool KeepOnFailure { get; init; }
}
