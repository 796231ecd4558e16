namespace Portal.Engine.Stats;

/// <summary>Raw cumulative counters of one container, as read from its cgroup (or the engine API).</summary>
/// <param name="CpuUsageNs">CPU time used since the container started, in nanoseconds.</param>
/// <param name="MemoryUsed">Memory in use minus inactive file cache.</param>
/// <param name="MemoryLimit">Memory limit in bytes; <see cref="ulong.MaxValue"/> when unlimited.</param>
/// <param name="BlockRead">Bytes read from block devices.</param>
/// <param name="BlockWrite">Bytes written to block devices.</param>
/// <param name="Pids">Current number of tasks.</param>
public readonly record struct CgroupCounters(ulong CpuUsageNs, ulong MemoryUsed, ulong MemoryLimit, ulong BlockRead, ulong BlockWrite, ulong Pids);
