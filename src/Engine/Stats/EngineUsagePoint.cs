namespace Portal.Engine.Stats;

/// <summary>What all running containers of one engine used at one pass of its sampler: a host fact, not scoped to a team.</summary>
/// <param name="Time">When the pass read the counters (UTC).</param>
/// <param name="CpuPercent">Summed CPU in <c>docker stats</c> terms (100 = one full CPU).</param>
/// <param name="MemoryUsed">Summed memory in use, in bytes.</param>
/// <param name="Containers">How many running containers the sums cover.</param>
public readonly record struct EngineUsagePoint(DateTime Time, double CpuPercent, ulong MemoryUsed, int Containers)
{
    /// <summary>The sums of one pass's samples (pure).</summary>
    public static EngineUsagePoint Sum(DateTime time, IEnumerable<ContainerStats> containers)
    {
        ArgumentNullException.ThrowIfNull(containers);
        double cpu = 0;
        ulong memory = 0;
        var count = 0;
        foreach (var c in containers)
        {
            cpu += c.Sample.CpuPercent;
            memory += c.Sample.MemoryUsed;
            count++;
        }

        return new EngineUsagePoint(time, cpu, memory, count);
    }
}
