using Portal.Engine.Admission;

namespace Portal.Engine.Containers;

/// <summary>What <c>docker inspect</c> tells about a container, trimmed to what people read.</summary>
public sealed record ContainerDetails
{
    public required ContainerSummary Summary { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<MountInfo> Mounts { get; init; } = [];

    public IReadOnlyList<NetworkAttachment> Networks { get; init; } = [];

    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string RestartPolicy { get; init; } = "no";

    public long MemoryLimit { get; init; }

    public double Cpus { get; init; }

    public string? StartedAt { get; init; }

    public string? FinishedAt { get; init; }

    public long ExitCode { get; init; }

    public string? Error { get; init; }

    public string? Health { get; init; }

    public string Hostname { get; init; } = "";

    public string WorkingDir { get; init; } = "";

    public string User { get; init; } = "";

    public bool Privileged { get; init; }

    public long RestartCount { get; init; }
}

/// <summary>A mount as inspect reports it.</summary>
public sealed record MountInfo(string Type, string? Name, string Source, string Destination, bool ReadWrite);

/// <summary>A network the container is attached to.</summary>
public sealed record NetworkAttachment(string Network, string IpAddress, IReadOnlyList<string> Aliases);
