using System.Text.Json.Nodes;

namespace Portal.Engine.Compose.Model;

/// <summary>One service of a project, every key Portal understands, bound from the canonical document.</summary>
public sealed record ComposeService
{
    public required string Name { get; init; }

    /// <summary>The service's canonical JSON, as loaded; the config hash is computed from it.</summary>
    public required JsonObject Json { get; init; }

    public string? Image { get; init; }

    public ComposeBuild? Build { get; init; }

    /// <summary>Null when unset (the image's CMD runs); empty when set to an empty list.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Variables; a null value means "set, without a value" (passed as <c>KEY</c>).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    public IReadOnlyList<ComposePort> Ports { get; init; } = [];

    public IReadOnlyList<string> Expose { get; init; } = [];

    public IReadOnlyList<ComposeMount> Volumes { get; init; } = [];

    /// <summary>Networks by key, with this service's settings on each.</summary>
    public IReadOnlyDictionary<string, ComposeServiceNetwork> Networks { get; init; } = new Dictionary<string, ComposeServiceNetwork>();

    public string? NetworkMode { get; init; }

    public IReadOnlyDictionary<string, ComposeDependency> DependsOn { get; init; } = new Dictionary<string, ComposeDependency>();

    public ComposeHealthcheck? Healthcheck { get; init; }

    public string? Restart { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? ContainerName { get; init; }

    public string? Hostname { get; init; }

    public string? DomainName { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public bool? Init { get; init; }

    public string? StopSignal { get; init; }

    public TimeSpan? StopGracePeriod { get; init; }

    public IReadOnlyList<string> Tmpfs { get; init; } = [];

    public IReadOnlyDictionary<string, ComposeUlimit> Ulimits { get; init; } = new Dictionary<string, ComposeUlimit>();

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    public IReadOnlyList<string> Dns { get; init; } = [];

    public long ShmSize { get; init; }

    /// <summary><c>mem_reservation</c>; <c>deploy.resources.reservations.memory</c> wins when both are set.</summary>
    public long MemoryReservation { get; init; }

    public bool ReadOnly { get; init; }

    public ComposeLogging? Logging { get; init; }

    public string? PullPolicy { get; init; }

    /// <summary><c>scale</c>, or <c>deploy.replicas</c> when that is set; 1 when neither is.</summary>
    public int Replicas { get; init; } = 1;

    public ComposeResources Limits { get; init; } = ComposeResources.None;

    public ComposeResources Reservations { get; init; } = ComposeResources.None;

    public IReadOnlyList<ComposeFileReference> Secrets { get; init; } = [];

    public IReadOnlyList<ComposeFileReference> Configs { get; init; } = [];

    public bool Privileged { get; init; }

    public IReadOnlyList<string> Devices { get; init; } = [];

    public IReadOnlyList<string> SecurityOpt { get; init; } = [];

    public string? Pid { get; init; }

    public string? Ipc { get; init; }

    public string? Uts { get; init; }

    public string? UsernsMode { get; init; }

    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary><c>volumes_from</c>: another service's or container's volumes, in file order.</summary>
    public IReadOnlyList<ComposeVolumesFrom> VolumesFrom { get; init; } = [];

    /// <summary><c>cgroup</c>: <c>host</c> or <c>private</c> cgroup namespace; null for the engine's default.</summary>
    public string? Cgroup { get; init; }

    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    public IReadOnlyList<string> DnsOpt { get; init; } = [];

    public IReadOnlyList<string> GroupAdd { get; init; } = [];

    public bool Tty { get; init; }

    public bool StdinOpen { get; init; }

    public long CpuShares { get; init; }

    public string? Cpuset { get; init; }

    /// <summary>The service whose network namespace this one joins (<c>network_mode: service:x</c>), or null.</summary>
    public string? NetworkModeService =>
        NetworkMode is not null && NetworkMode.StartsWith("service:", StringComparison.Ordinal) ? NetworkMode["service:".Length..] : null;

    /// <summary>Services whose first container's volumes this one mounts (<c>volumes_from: service:x</c>).</summary>
    public IEnumerable<string> VolumesFromServices => VolumesFrom.Where(v => v.IsService).Select(v => v.Name);

    /// <summary>Services this one waits for: depends_on plus a namespace it joins plus services it takes volumes from (as compose orders them).</summary>
    public IEnumerable<string> Dependencies =>
        DependsOn.Keys.Concat(NetworkModeService is { } parent ? [parent] : []).Concat(VolumesFromServices).Distinct(StringComparer.Ordinal);
}

/// <summary>Build settings: <c>up</c> and the stack build action build the image from the stack's stored files under <c>Context</c>.</summary>
public sealed record ComposeBuild(string? Context, string? Dockerfile, IReadOnlyDictionary<string, string?> Args, string? Target, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary><c>build.network</c>: the network RUN steps use (<c>host</c> is for administrators).</summary>
    public string? Network { get; init; }

    /// <summary><c>build.cache_from</c>: images whose layers the classic builder may reuse.</summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary><c>build.extra_hosts</c>, as <c>host:ip</c>.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary><c>build.shm_size</c> in bytes for RUN steps; 0 for the engine's default.</summary>
    public long ShmSize { get; init; }

    /// <summary><c>build.dockerfile_inline</c>: the Dockerfile text itself.</summary>
    public string? DockerfileInline { get; init; }

    /// <summary><c>build.tags</c>: more names for the built image.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>build.no_cache</c>.</summary>
    public bool NoCache { get; init; }

    /// <summary><c>build.pull</c>: always try newer base images.</summary>
    public bool Pull { get; init; }
}

/// <summary>One <c>volumes_from</c> entry: a service of the project (<c>service:name</c>, or a bare name) or a container (<c>container:name</c>).</summary>
public sealed record ComposeVolumesFrom(bool IsService, string Name, bool ReadOnly)
{
    /// <summary>The engine's <c>VolumesFrom</c> entry for container <paramref name="container"/>: <c>name[:ro]</c>.</summary>
    public string ToEngine(string container) => ReadOnly ? container + ":ro" : container;
}

/// <summary>A published or exposed port in long syntax; <see cref="Published"/> may be a range <c>8000-8001</c>.</summary>
public sealed record ComposePort(int Target, string? Published, string? HostIp, string Protocol, string? Mode);

/// <summary>A mount in long syntax: type volume, bind or tmpfs.</summary>
public sealed record ComposeMount(string Type, string? Source, string Target, bool ReadOnly, long? TmpfsSize)
{
    /// <summary>Engine bind options after the mode (<c>nocopy</c>, <c>z</c>/<c>Z</c>, a propagation), comma-separated; empty for none.</summary>
    public string Options { get; init; } = "";

    /// <summary>A tmpfs mount's mode as octal digits (<c>1777</c>), or null for the engine's default.</summary>
    public string? TmpfsMode { get; init; }
}

/// <summary>This service's settings on one network.</summary>
public sealed record ComposeServiceNetwork(IReadOnlyList<string> Aliases, string? Ipv4Address, int Priority);

/// <summary>One <c>depends_on</c> entry.</summary>
public sealed record ComposeDependency(string Condition, bool Required, bool Restart)
{
    public const string Started = "service_started";

    public const string Healthy = "service_healthy";

    public const string CompletedSuccessfully = "service_completed_successfully";
}

/// <summary>A healthcheck; <see cref="Disable"/> turns the image's off.</summary>
public sealed record ComposeHealthcheck(IReadOnlyList<string> Test, TimeSpan? Interval, TimeSpan? Timeout, int? Retries, TimeSpan? StartPeriod, bool Disable);

/// <summary>A ulimit; soft equals hard when a single value was given.</summary>
public sealed record ComposeUlimit(long Soft, long Hard);

/// <summary>Logging driver and options.</summary>
public sealed record ComposeLogging(string? Driver, IReadOnlyDictionary<string, string> Options);

/// <summary>CPU and memory from <c>deploy.resources</c> (and <c>mem_limit</c>/<c>cpus</c>).</summary>
public sealed record ComposeResources(double Cpus, long MemoryBytes, long Pids)
{
    public static ComposeResources None { get; } = new(0, 0, 0);
}

/// <summary>A service's use of a secret or config.</summary>
public sealed record ComposeFileReference(string Source, string Target, string? Mode);
