namespace Portal.Engine.Stats;

/// <summary>
/// Finds and reads containers' cgroups under a cgroup root (normally <c>/sys/fs/cgroup</c>) for
/// both hierarchies and both engine cgroup drivers: cgroupfs puts a container at
/// <c>docker/&lt;id&gt;</c>, systemd at <c>system.slice/docker-&lt;id&gt;.scope</c>.
/// </summary>
/// <remarks>Not thread-safe: it reuses one read buffer; the sampler reads from one pass at a time.</remarks>
internal sealed class CgroupReader
{
    private static readonly string[] s_cpuControllers = ["cpuacct", "cpu,cpuacct", "cpuacct,cpu"];

    // CFQ's recursive counters first, then the throttle counters, as the engine (containerd) reads them.
    private static readonly string[] s_blkioFiles = ["blkio.io_service_bytes_recursive", "blkio.throttle.io_service_bytes", "blkio.throttle.io_service_bytes_recursive"];

    private readonly string _root;
    private readonly KernelFile _file = new();
    private readonly string? _cpuController;

    public CgroupReader(string root)
    {
        _root = root;
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
        {
            Version = CgroupVersion.V2;
        }
        else
        {
            _cpuController = s_cpuControllers.FirstOrDefault(c => Directory.Exists(Path.Combine(root, c)));
            Version = _cpuController is not null && Directory.Exists(Path.Combine(root, "memory")) ? CgroupVersion.V1 : CgroupVersion.None;
        }
    }

    public CgroupVersion Version { get; }

    /// <summary>The container's cgroup directories, or null when neither driver's layout has it.</summary>
    public CgroupPaths? Locate(string containerId)
    {
        foreach (var relative in (ReadOnlySpan<string>)[Path.Combine("docker", containerId), Path.Combine("system.slice", $"docker-{containerId}.scope")])
        {
            switch (Version)
            {
                case CgroupVersion.V2:
                    var dir = Path.Combine(_root, relative);
                    if (Directory.Exists(dir))
                    {
                        return new CgroupPaths(CgroupVersion.V2, dir, dir, dir, dir, []);
                    }

                    break;
                case CgroupVersion.V1:
                    var cpu = Path.Combine(_root, _cpuController!, relative);
                    if (Directory.Exists(cpu))
                    {
                        var blkio = Path.Combine(_root, "blkio", relative);
                        return new CgroupPaths(CgroupVersion.V1, cpu, Path.Combine(_root, "memory", relative), blkio, Path.Combine(_root, "pids", relative),
                            s_blkioFiles.Select(f => Path.Combine(blkio, f)).Where(File.Exists).ToList());
                    }

                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Reads the counters, or null when the cgroup vanished (the container stopped).</summary>
    public CgroupCounters? Read(CgroupPaths paths) => paths.Version == CgroupVersion.V2 ? ReadV2(paths) : ReadV1(paths);

    /// <summary>A process of the container (the init process is listed first in practice), or 0.</summary>
    public int FirstPid(CgroupPaths paths) =>
        _file.TryRead(Path.Combine(paths.Version == CgroupVersion.V2 ? paths.Cpu : paths.Pids, "cgroup.procs"), out var text)
            ? CgroupParsing.FirstPid(text)
            : 0;

    private CgroupCounters? ReadV1(CgroupPaths paths)
    {
        if (_file.ReadSingle(paths.CpuFile) is not { } cpu
            || _file.ReadSingle(paths.MemoryUsageFile) is not { } usage)
        {
            return null;
        }

        var used = _file.TryRead(paths.MemoryStatFile, out var stat) ? CgroupParsing.MemoryWithoutCache(usage, stat) : usage;
        var limit = _file.ReadSingle(paths.MemoryLimitFile) ?? ulong.MaxValue;
        var (read, write) = ReadBlkioV1(paths.BlkioFiles);
        var pids = _file.ReadSingle(paths.PidsFile) ?? 0;
        return new CgroupCounters(cpu, used, limit, read, write, pids);
    }

    /// <summary>
    /// The engine (through containerd) prefers the CFQ scheduler's recursive counters and falls
    /// back to the throttle counters when those list no device; the same order is used here.
    /// </summary>
    private (ulong Read, ulong Write) ReadBlkioV1(IReadOnlyList<string> files)
    {
        foreach (var file in files)
        {
            if (_file.TryRead(file, out var text) && CgroupParsing.TryParseBlkioV1(text, out var read, out var write))
            {
                return (read, write);
            }
        }

        return (0, 0);
    }

    private CgroupCounters? ReadV2(CgroupPaths paths)
    {
        if (!_file.TryRead(paths.CpuFile, out var cpuStat) || !CgroupParsing.TryGetKeyed(cpuStat, "usage_usec"u8, out var usec)
            || _file.ReadSingle(paths.MemoryUsageFile) is not { } usage)
        {
            return null;
        }

        var used = _file.TryRead(paths.MemoryStatFile, out var stat) ? CgroupParsing.MemoryWithoutCache(usage, stat) : usage;
        var limit = _file.ReadSingle(paths.MemoryLimitFile) ?? ulong.MaxValue;
        var (read, write) = _file.TryRead(paths.IoStatFile, out var io) ? CgroupParsing.ParseIoStatV2(io) : (0UL, 0UL);
        var pids = _file.ReadSingle(paths.PidsFile) ?? 0;
        return new CgroupCounters(usec * 1000, used, limit, read, write, pids);
    }
}
