using System.Globalization;

namespace Portal.Bench;

/// <summary>What the report says about the machine, read from /proc.</summary>
internal sealed record MachineInfo(int Cpus, string CpuModel, double MemoryGiB, string Kernel)
{
    public static MachineInfo Read()
    {
        var model = ReadLines("/proc/cpuinfo")
            .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = ReadLines("/proc/meminfo")
            .FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var mem = double.TryParse(memKb, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb / 1024 / 1024 : double.NaN;
        var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault()?.Trim() ?? "?";
        return new MachineInfo(Environment.ProcessorCount, model, mem, kernel);
    }

    /// <summary>The 1-minute load average, to show whether something else was busy.</summary>
    public static string LoadAverage() =>
        ReadLines("/proc/loadavg").FirstOrDefault()?.Split(' ')[0] ?? "?";

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
