namespace Portal.Engine.Stats;

/// <summary>
/// Where one container's cgroup lives (on v2 the four directories are the same). For v1,
/// <c>BlkioFiles</c> lists the block I/O files that exist, in the engine's order of preference,
/// found once so a pass never probes (and throws on) files the kernel does not provide.
/// </summary>
internal sealed record CgroupPaths(CgroupVersion Version, string Cpu, string Memory, string Blkio, string Pids, IReadOnlyList<string> BlkioFiles);
