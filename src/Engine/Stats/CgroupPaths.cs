namespace Portal.Engine.Stats;

/// <summary>
/// Where one container's cgroup lives (on v2 the four directories are the same). For v1,
/// <c>BlkioFiles</c> lists the block I/O files that exist, in the engine's order of preference,
/// found once so a pass never probes (and throws on) files the kernel does not provide.
/// </summary>
internal sealed record CgroupPaths(CgroupVersion Version, string Cpu, string Memory, string Blkio, string Pids, IReadOnlyList<string> BlkioFiles)
{
    // The files a pass reads, joined once here rather than on every pass.
    public string CpuFile { get; } = Path.Combine(Cpu, Version == CgroupVersion.V2 ? "cpu.stat" : "cpuacct.usage");

    public string MemoryUsageFile { get; } = Path.Combine(Memory, Version == CgroupVersion.V2 ? "memory.current" : "memory.usage_in_bytes");

    public string MemoryStatFile { get; } = Path.Combine(Memory, "memory.stat");

    public string MemoryLimitFile { get; } = Path.Combine(Memory, Version == CgroupVersion.V2 ? "memory.max" : "memory.limit_in_bytes");

    public string IoStatFile { get; } = Path.Combine(Blkio, "io.stat");

    public string PidsFile { get; } = Path.Combine(Pids, "pids.current");
}
