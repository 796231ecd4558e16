namespace Portal.Engine.Stats;

/// <summary>The engine's host at a glance.</summary>
/// <param name="Cpus">Online CPUs.</param>
/// <param name="MemoryTotal">Host memory in bytes.</param>
/// <param name="MemoryAvailable">Memory available for new work (MemAvailable), or null for a remote engine.</param>
/// <param name="DataRoot">The engine's data root (DockerRootDir).</param>
/// <param name="DiskTotal">Size of the filesystem holding the data root, or null when Portal cannot see it.</param>
/// <param name="DiskFree">Bytes available on it to unprivileged writers (what df calls available).</param>
/// <param name="Running">Running containers (for non-admins: their teams' only).</param>
/// <param name="Stopped">Stopped containers, same scope.</param>
/// <param name="Paused">Paused containers, same scope.</param>
/// <param name="EngineVersion">Engine version.</param>
/// <param name="ApiVersion">API version Portal speaks with it.</param>
/// <param name="OperatingSystem">The host's operating system as the engine names it.</param>
/// <param name="KernelVersion">The host's kernel.</param>
/// <param name="CountsScopedToTeams">True when the counts cover the caller's teams only.</param>
/// <param name="StatsSource">How live stats are read: <c>cgroup v1</c>, <c>cgroup v2</c> or <c>engine API</c>.</param>
public sealed record HostOverview(
    int Cpus,
    ulong MemoryTotal,
    ulong? MemoryAvailable,
    string DataRoot,
    ulong? DiskTotal,
    ulong? DiskFree,
    int Running,
    int Stopped,
    int Paused,
    string EngineVersion,
    string ApiVersion,
    string OperatingSystem,
    string KernelVersion,
    bool CountsScopedToTeams,
    string StatsSource);
