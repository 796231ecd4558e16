namespace Portal.Engine.Containers;

/// <summary>What a person asks for when they run a container, before validation (form and API share it).</summary>
public sealed record RunContainerRequest
{
    /// <summary>Image reference, for example <c>busybox</c>, <c>registry:5000/app:1.2</c>.</summary>
    public string Image { get; init; } = "";

    public string? Name { get; init; }

    /// <summary>Command and arguments; empty keeps the image's default.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary><c>KEY=VALUE</c> entries.</summary>
    public IReadOnlyList<string>? Env { get; init; }

    /// <summary><c>[hostIp:][hostPort:]containerPort[/proto]</c>; host IP defaults to 127.0.0.1.</summary>
    public IReadOnlyList<string>? Ports { get; init; }

    /// <summary>Named volumes as <c>name:/path[:ro]</c>.</summary>
    public IReadOnlyList<string>? Volumes { get; init; }

    /// <summary>Networks to join, by name; the first is the primary one. Empty uses the engine's default bridge.</summary>
    public IReadOnlyList<string>? Networks { get; init; }

    /// <summary>no, always, unless-stopped, on-failure[:N].</summary>
    public string? Restart { get; init; }

    /// <summary>Memory limit such as <c>256m</c> or <c>1g</c>.</summary>
    public string? Memory { get; init; }

    /// <summary>CPU limit in cores, such as 0.5.</summary>
    public double? Cpus { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Owning team; may be omitted when the actor operates exactly one team.</summary>
    public string? Team { get; init; }

    public bool Privileged { get; init; }

    /// <summary>Host-path binds as <c>/host:/container[:ro]</c>.</summary>
    public IReadOnlyList<string>? Binds { get; init; }

    public IReadOnlyList<string>? CapAdd { get; init; }

    public string? NetworkMode { get; init; }

    public string? PidMode { get; init; }

    public string? IpcMode { get; init; }

    public string? UtsMode { get; init; }

    public string? UsernsMode { get; init; }

    /// <summary>host or private.</summary>
    public string? CgroupnsMode { get; init; }

    /// <summary>Containers whose volumes to mount, as <c>name[:ro|rw]</c>.</summary>
    public IReadOnlyList<string>? VolumesFrom { get; init; }

    public IReadOnlyDictionary<string, string>? Sysctls { get; init; }

    public IReadOnlyList<string>? Devices { get; init; }

    public IReadOnlyList<string>? SecurityOpt { get; init; }

    /// <summary>Keep a container that was created but failed to start.</summary>
    public bool KeepOnFailure { get; init; }
}
