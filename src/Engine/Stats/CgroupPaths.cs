namespace Portal.Engine.Stats;

/// <summary>Where one container's cgroup lives; on v2 all four directories are the same.</summary>
internal sealed record CgroupPaths(CgroupVersion Version, string Cpu, string Memory, string Blkio, string Pids);
