using System.Globalization;

namespace Portal.PageBench;

/// <summary>One reading of a process's memory from /proc, in KiB.</summary>
/// <param name="Rss">Resident set (VmRSS): includes the clean, shared pages of mapped assemblies.</param>
/// <param name="PrivateDirty">Private dirty pages (smaps_rollup): what the process itself holds.</param>
/// <param name="Heap">The managed heap after the last GC (Portal's /metrics, every generation), or 0 when not readable.</param>
internal readonly record struct ProcessMemory(long Rss, long PrivateDirty, long Heap)
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Portal's /metrics address (loopback may read it), for the managed heap.</summary>
    public static Uri? Metrics { get; set; }

    public static async Task<ProcessMemory> ReadAsync(int pid) =>
        new(Field($"/proc/{pid}/status", "VmRSS:"), Field($"/proc/{pid}/smaps_rollup", "Private_Dirty:"), await HeapAsync());

    private static async Task<long> HeapAsync()
    {
        if (Metrics is null)
        {
            return 0;
        }

        var text = await s_http.GetStringAsync(Metrics);
        return text.Split('\n')
            .Where(l => l.StartsWith("system_runtime_dotnet_gc_last_collection_heap_size{", StringComparison.Ordinal))
            .Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)) / 1024;
    }

    /// <summary>The median of <paramref name="count"/> readings a second apart: one reading can fall just before or after a GC.</summary>
    public static async Task<ProcessMemory> SettledAsync(int pid, int count = 5)
    {
        var readings = new List<ProcessMemory>();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(1_000);
            }

            readings.Add(await ReadAsync(pid));
        }

        return new(Median(readings.Select(r => r.Rss)), Median(readings.Select(r => r.PrivateDirty)), Median(readings.Select(r => r.Heap)));
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static long Field(string path, string name)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{name} not in {path}");
    }
}
