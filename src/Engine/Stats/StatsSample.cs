namespace Portal.Engine.Stats;

/// <summary>
/// One reading of a container's resource use, figured the way <c>docker stats</c> figures it.
/// </summary>
/// <param name="Time">When the counters were read (UTC).</param>
/// <param name="CpuPercent">Share of one CPU over the last interval × 100 (200 = two full cores).</param>
/// <param name="MemoryUsed">Memory in use without the inactive page cache, in bytes.</param>
/// <param name="MemoryLimit">The container's memory limit, or the host's memory when it has none.</param>
/// <param name="NetRx">Bytes received on the container's interfaces since it started (loopback excluded).</param>
/// <param name="NetTx">Bytes sent on the container's interfaces since it started (loopback excluded).</param>
/// <param name="BlockRead">Bytes read from block devices since the container started.</param>
/// <param name="BlockWrite">Bytes written to block devices since the container started.</param>
/// <param name="Pids">Processes and threads in the container.</param>
public readonly record struct StatsSample(
    DateTime Time,
    double CpuPercent,
    ulong MemoryUsed,
    ulong MemoryLimit,
    ulong NetRx,
    ulong NetTx,
    ulong BlockRead,
    ulong BlockWrite,
    ulong Pids)
{
    /// <summary>Memory used as a percentage of the limit, as <c>docker stats</c> shows it.</summary>
    public double MemoryPercent => MemoryLimit == 0 ? 0 : 100.0 * MemoryUsed / MemoryLimit;
}
