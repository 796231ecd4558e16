using Docker.DotNet;
using Docker.DotNet.Models;

namespace Portal.Engine.Stats;

/// <summary>
/// The fallback when Portal cannot read the cgroup files (remote engine, or Portal in a container
/// without the host's tree): one <c>stream=false, one-shot=true</c> stats call per container, which
/// returns at once instead of waiting a second for the engine's own previous sample.
/// </summary>
internal static class ApiStatsReader
{
    /// <summary>One reading with the engine's system CPU figures, or null when the container is gone.</summary>
    public static async Task<ApiReading?> ReadAsync(IDockerClient client, string id, CancellationToken cancellationToken)
    {
        ContainerStatsResponse? last = null;
        try
        {
            await client.Containers.GetContainerStatsAsync(id, new ContainerStatsParameters { Stream = false, OneShot = true },
                new Reporter(r => last = r), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }

        return last is null ? null : From(last);
    }

    /// <summary>Turns an engine stats document into counters, figuring memory and block I/O as <c>docker stats</c> does.</summary>
    public static ApiReading? From(ContainerStatsResponse r)
    {
        if (r.CPUStats?.CPUUsage is null || r.MemoryStats is null)
        {
            return null;
        }

        var usage = r.MemoryStats.Usage ?? 0;
        var stats = r.MemoryStats.Stats ?? new Dictionary<string, ulong>();
        var used = stats.TryGetValue("total_inactive_file", out var inactive) && inactive < usage ? usage - inactive
            : stats.TryGetValue("inactive_file", out inactive) && inactive < usage ? usage - inactive
            : usage;
        ulong read = 0, write = 0;
        foreach (var entry in r.BlkioStats?.IoServiceBytesRecursive ?? [])
        {
            if (string.Equals(entry.Op, "read", StringComparison.OrdinalIgnoreCase))
            {
                read += entry.Value;
            }
            else if (string.Equals(entry.Op, "write", StringComparison.OrdinalIgnoreCase))
            {
                write += entry.Value;
            }
        }

        ulong rx = 0, tx = 0;
        foreach (var net in r.Networks?.Values ?? [])
        {
            rx += net.RxBytes;
            tx += net.TxBytes;
        }

        var cpus = r.CPUStats.OnlineCPUs is > 0 ? (int)r.CPUStats.OnlineCPUs : r.CPUStats.CPUUsage.PercpuUsage?.Count ?? 1;
        var counters = new CgroupCounters(r.CPUStats.CPUUsage.TotalUsage, used, r.MemoryStats.Limit ?? ulong.MaxValue, read, write, r.PidsStats?.Current ?? 0);
        return new ApiReading(counters, r.CPUStats.SystemUsage ?? 0, cpus, rx, tx);
    }

    private sealed class Reporter(Action<ContainerStatsResponse> onReport) : IProgress<ContainerStatsResponse>
    {
        public void Report(ContainerStatsResponse value) => onReport(value);
    }
}

/// <summary>Counters from the engine API plus the engine's system CPU time and network bytes.</summary>
internal readonly record struct ApiReading(CgroupCounters Counters, ulong SystemNs, int OnlineCpus, ulong NetRx, ulong NetTx);
