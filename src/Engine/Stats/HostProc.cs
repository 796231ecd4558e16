namespace Portal.Engine.Stats;

/// <summary>The host's procfs (normally <c>/proc</c>): system CPU time, memory and containers' network counters.</summary>
/// <remarks>Not thread-safe: it reuses one read buffer.</remarks>
internal sealed class HostProc(string root)
{
    private readonly KernelFile _file = new();
    private readonly string _stat = Path.Combine(root, "stat");
    private readonly string _meminfo = Path.Combine(root, "meminfo");

    /// <summary>True when this looks like a Linux procfs.</summary>
    public bool Exists => File.Exists(_stat);

    /// <summary>System CPU time in ns and the online CPU count, or null when unreadable.</summary>
    public (ulong SystemNs, int OnlineCpus)? ReadSystemCpu() =>
        _file.TryRead(_stat, out var text) ? CgroupParsing.ParseProcStat(text) : null;

    /// <summary>Total and available memory in bytes, or zeros when unreadable.</summary>
    public (ulong Total, ulong Available) ReadMemory() =>
        _file.TryRead(_meminfo, out var text)
            ? (CgroupParsing.MemInfoBytes(text, "MemTotal"u8), CgroupParsing.MemInfoBytes(text, "MemAvailable"u8))
            : (0, 0);

    /// <summary>Network bytes of the namespace process <paramref name="pid"/> lives in, or null when it is gone.</summary>
    public (ulong Rx, ulong Tx)? ReadNetwork(int pid) => pid > 0 ? ReadNetwork(NetDevPath(pid)) : null;

    /// <summary>Network bytes from a <see cref="NetDevPath"/> (kept by the caller across passes), or null when the process is gone.</summary>
    public (ulong Rx, ulong Tx)? ReadNetwork(string netDevPath) =>
        _file.TryRead(netDevPath, out var text) ? CgroupParsing.ParseNetDev(text) : null;

    /// <summary>Where the network counters of process <paramref name="pid"/>'s namespace are.</summary>
    public string NetDevPath(int pid) => Path.Combine(root, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "net", "dev");
}
