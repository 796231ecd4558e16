using System.Globalization;
using System.Text;
using Portal.Bench.Measuring;
using Portal.Bench.Phases;

namespace Portal.Bench.Reporting;

/// <summary>The markdown written to <c>bench/results/list-latency.md</c> and printed at the end of a run.</summary>
internal sealed class ListLatencyReport
{
    public required MachineInfo Machine { get; init; }

    public required string DaemonVersion { get; init; }

    public required string ApiVersion { get; init; }

    public required string CliVersion { get; init; }

    public required string PortalCommit { get; init; }

    public required int Containers { get; init; }

    public required int Iterations { get; init; }

    public required int Warmup { get; init; }

    public required int Seed { get; init; }

    public required string Fragment { get; init; }

    public required string LoadBefore { get; init; }

    public required string LoadAfter { get; init; }

    public required double MeasureSeconds { get; init; }

    public SetupResult? Setup { get; init; }

    public required IReadOnlyList<ResyncResult> Resyncs { get; init; }

    public required IReadOnlyList<Probe> Probes { get; init; }

    public string ToMarkdown()
    {
        var stats = Probes.ToDictionary(p => p.Key, p => LatencyStats.From([.. p.Samples]));
        var onEngine = Probes.FirstOrDefault(p => p.Key == "raw")?.LastItems ?? 0;
        var s = new StringBuilder();
        s.AppendLine("# Portal list latency");
        s.AppendLine();
        s.AppendLine(Inv($"Measured by `bench/run.sh` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, Portal commit `{PortalCommit}` (Release publish, Production)."));
        s.AppendLine();
        s.AppendLine("| setting | value |");
        s.AppendLine("| --- | --- |");
        s.AppendLine(Inv($"| machine | {Machine.Cpus} CPUs ({Machine.CpuModel}), {Machine.MemoryGiB:F1} GiB RAM, Linux {Machine.Kernel} |"));
        s.AppendLine(Inv($"| engine | dockerd {DaemonVersion}, API {ApiVersion}; docker CLI {CliVersion} |"));
        s.AppendLine(Inv($"| containers | N = {Containers} bench containers (created, not started); {onEngine} on the engine in all |"));
        s.AppendLine(Inv($"| iterations | {Iterations} measured after {Warmup} warm-up ({MeasurePhase.PortalJitWarmup} untimed calls of each Portal request before that), each iteration runs every request once in shuffled order (seed {Seed}) |"));
        s.AppendLine(Inv($"| filter | name fragment `{Fragment}` (one bench container in ten) |"));
        s.AppendLine(Inv($"| load average (1 min) | {LoadBefore} before, {LoadAfter} after ({MeasureSeconds:F0} s of measuring) |"));
        s.AppendLine();
        s.AppendLine("## Latency (ms, whole answer read; the CLI includes the process spawn)");
        s.AppendLine();
        s.AppendLine("| request | median | p90 | min | items | bytes |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var p in Probes)
        {
            var st = stats[p.Key];
            s.AppendLine(Inv($"| {p.Label} | {st.Median:F1} | {st.P90:F1} | {st.Min:F1} | {p.LastItems} | {p.LastBytes} |"));
        }

        s.AppendLine();
        s.AppendLine("## Ratios (Portal time / other time; below 1 means Portal is faster)");
        s.AppendLine();
        s.AppendLine("| comparison | median | p90 | min |");
        s.AppendLine("| --- | ---: | ---: | ---: |");
        s.AppendLine(Ratio("Portal / Engine API, full list", stats["portal"], stats["raw"]));
        s.AppendLine(Ratio("Portal / docker CLI, full list", stats["portal"], stats["cli"]));
        s.AppendLine(Ratio("Portal / Engine API, name filter", stats["portal-q"], stats["raw-q"]));
        s.AppendLine(Ratio("Portal / docker CLI, name filter", stats["portal-q"], stats["cli-q"]));
        AppendCatalog(s);
        s.AppendLine();
        s.AppendLine("Caveats: one machine, one run; other processes may share it (see the load average). Portal reads");
        s.AppendLine("its SQLite catalog, the Engine API and the CLI ask dockerd, so the full-list comparison is");
        s.AppendLine("catalog-vs-engine, not the same work. Portal pages at 1,000 items. See bench/README.md.");
        return s.ToString();
    }

    private void AppendCatalog(StringBuilder s)
    {
        s.AppendLine();
        s.AppendLine("## Catalog (setup, before measuring)");
        s.AppendLine();
        s.AppendLine("| step | time |");
        s.AppendLine("| --- | ---: |");
        if (Setup is { } setup)
        {
            s.AppendLine(Inv($"| create {setup.Containers} containers through the Engine API ({setup.Parallelism} in parallel) | {setup.CreateSeconds:F1} s |"));
            s.AppendLine(Inv($"| Portal's catalog lists all of them, counted from the last create (events stream) | {setup.CatalogLagSeconds:F2} s |"));
        }

        foreach (var r in Resyncs)
        {
            var what = r.Label == "cold" ? "restart on an empty data folder" : "restart on the populated data folder";
            s.AppendLine(Inv($"| full resync, {what}: {r.Live} live, {r.Changed} records changed (engine connected → \"Catalog resynced\") | {r.ConnectedToResyncMs:F0} ms |"));
            if (r.ProcessStartToListeningMs is { } listening && r.ProcessStartToResyncMs is { } resynced)
            {
                s.AppendLine(Inv($"| … {r.Label} start: process start → listening / → resynced | {listening / 1000:F1} s / {resynced / 1000:F1} s |"));
            }
        }
    }

    private static string Ratio(string what, LatencyStats portal, LatencyStats other) =>
        Inv($"| {what} | {portal.Median / other.Median:F2}x | {portal.P90 / other.P90:F2}x | {portal.Min / other.Min:F2}x |");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
