using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Bench.Engine;
using Portal.Bench.PortalClient;

namespace Portal.Bench.Phases;

/// <summary>
/// <c>logs</c>: (1) N lines printed by a container, received by a <c>/hubs/logs</c> client against
/// the Engine API's own follow-stream, each in its own container, same command, several rounds;
/// (2) V hub viewers of one chatty container: Portal's engine streams and CPU against one viewer.
/// </summary>
internal static class LogsPhase
{
    private static readonly TimeSpan s_cpuWindow = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(BenchArgs args, CancellationToken ct)
    {
        var names = new BenchNames(args.Session);
        var lines = args.Int("lines", 200_000, 1_000, 1_000_000);
        var viewers = args.Int("viewers", 100, 1, 200);
        var rounds = args.Int("rounds", 3, 1, 10);
        var portalPid = args.Int("portal-pid", 0, 1, int.MaxValue);
        var image = args.Optional("image", "portal-test/busybox:latest");
        using var engine = new EngineApi(args.Socket);
        using var portal = new PortalApi(new Uri(args.Required("portal")));
        await engine.NegotiateAsync(ct);
        await portal.LoginAsync("admin", BenchArgs.AdminPassword, ct);
        var labels = names.Labels;
        // The burst starts when the bench touches /tmp/go, after the follower is attached; seq prints as fast as the engine takes it.
        string[] burst = ["sh", "-c", $"while [ ! -e /tmp/go ]; do sleep 0.05; done; seq 1 {lines}; sleep 3600"];
        string[] go = ["touch", "/tmp/go"];

        var raw = new List<double>();
        var hub = new List<double>();
        long skipped = 0;
        for (var round = 0; round < rounds; round++)
        {
            var rawId = await engine.RunAsync($"{names.Prefix}-lograw-{round}", image, labels, burst, ct);
            raw.Add((await engine.FollowUntilAsync(rawId, lines, () => engine.ExecDetachedAsync(rawId, go, ct), ct)).TotalMilliseconds);
            await engine.RemoveAsync(rawId, ct);

            var name = $"{names.Prefix}-loghub-{round}";
            var hubId = await engine.RunAsync(name, image, labels, burst, ct);
            var (elapsed, lost) = await HubFollowUntilAsync(portal, name, lines, () => engine.ExecDetachedAsync(hubId, go, ct), ct);
            hub.Add(elapsed.TotalMilliseconds);
            skipped += lost;
            await engine.RemoveAsync(hubId, ct);
            Console.WriteLine($"==> logs round {round + 1}: raw {raw[^1]:F0} ms, hub {hub[^1]:F0} ms, skipped {lost}");
        }

        // Fan-out: a container printing 20 lines a second, watched by one viewer, then by V.
        var chatty = $"{names.Prefix}-logfan";
        var chattyId = await engine.RunAsync(chatty, image, labels, ["sh", "-c", "i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.05; done"], ct);
        var idleCpu = await CpuAsync(portalPid, ct);
        var oneCpu = await WithViewersAsync(portal, chatty, 1, () => CpuAsync(portalPid, ct), ct);
        var before = await StreamStatsAsync(portal, ct);
        var (manyCpu, during) = await WithViewersAsync(portal, chatty, viewers, async () => (await CpuAsync(portalPid, ct), await StreamStatsAsync(portal, ct)), ct);
        await engine.RemoveAsync(chattyId, ct);

        var report = new StringBuilder();
        var rawMedian = Median(raw);
        var hubMedian = Median(hub);
        report.AppendLine("# Logs benchmark").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {MachineInfo.Read().Cpus} CPUs, load {MachineInfo.LoadAverage()} at the end; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"## {lines:N0} lines: Portal hub client vs the raw Engine logs API ({rounds} rounds, median)").AppendLine()
            .AppendLine("Each round runs `seq 1 N` (after a trigger) twice (fresh containers): once followed by a plain HTTP client on the Engine API (`/containers/{id}/logs?follow=1&timestamps=1&tail=0`, frames demultiplexed by hand), once by a SignalR client of Portal's `/hubs/logs` `Follow(name, 0)`. Time is from the first byte/batch to the last line.").AppendLine()
            .AppendLine("| path | median ms | rounds (ms) |").AppendLine("| --- | ---: | --- |")
            .AppendLine(CultureInfo.InvariantCulture, $"| raw Engine API | {rawMedian:F0} | {string.Join(", ", raw.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| Portal hub | {hubMedian:F0} | {string.Join(", ", hub.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} |").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Ratio Portal / raw: {hubMedian / rawMedian:F2}** (target ≤ 1.2). Lines the hub client lost to its bounded queue (never received): {skipped:N0}.").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"## {viewers} viewers of one container").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"A container printing 20 lines/s; Portal's CPU (utime+stime of its process) over {s_cpuWindow.TotalSeconds:F0} s.").AppendLine()
            .AppendLine("| viewers | Portal CPU (% of one core) |").AppendLine("| ---: | ---: |")
            .AppendLine(CultureInfo.InvariantCulture, $"| 0 | {idleCpu:F1} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| 1 | {oneCpu:F1} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| {viewers} | {manyCpu:F1} |").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Engine follow-streams opened for the {viewers} viewers: **{during.EngineStreamsStarted - before.EngineStreamsStarted}** (Portal's `/api/v1/logs/streams`, after the single viewer left); containers watched while they looked: {during.WatchedContainers}.")
            .AppendLine(CultureInfo.InvariantCulture, $"**CPU ratio {viewers} viewers / 1 viewer: {(oneCpu > 0 ? manyCpu / oneCpu : double.NaN):F2}** (target ≤ 2).");
        var outPath = args.Required("out");
        await File.WriteAllTextAsync(outPath, report.ToString(), ct);
        Console.WriteLine(report.ToString());
    }

    private static async Task<(TimeSpan Elapsed, long Lost)> HubFollowUntilAsync(PortalApi portal, string name, int lines, Func<Task> attached, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(portal, ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromMinutes(3));
        long first = 0;
        var seen = 0;
        var triggered = false;
        var last = lines.ToString(CultureInfo.InvariantCulture);
        await foreach (var batch in connection.StreamAsync<JsonElement>("Follow", name, 0, cts.Token))
        {
            if (!triggered)
            {
                // The first batch (the empty snapshot) means Portal has the viewer; give its engine stream a moment to open.
                triggered = true;
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
                await attached();
                continue;
            }

            var items = batch.GetProperty("lines");
            var count = items.GetArrayLength();
            if (count > 0 && first == 0)
            {
                first = Stopwatch.GetTimestamp();
            }

            seen += count;
            // Lines lost to the bounded queue never arrive, so the burst's last line ends the count.
            if (count > 0 && items[count - 1].GetProperty("text").GetString() == last)
            {
                break;
            }
        }

        return (Stopwatch.GetElapsedTime(first), lines - seen);
    }

    private static async Task<T> WithViewersAsync<T>(PortalApi portal, string name, int count, Func<Task<T>> measure, CancellationToken ct)
    {
        var connections = new List<HubConnection>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var readers = new List<Task>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var connection = await ConnectAsync(portal, ct);
                connections.Add(connection);
                readers.Add(DrainAsync(connection.StreamAsync<JsonElement>("Follow", name, 100, cts.Token)));
            }

            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            return await measure();
        }
        finally
        {
            await cts.CancelAsync();
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }
    }

    private static async Task DrainAsync(IAsyncEnumerable<JsonElement> stream)
    {
        try
        {
            await foreach (var _ in stream)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
        }
    }

    private static async Task<HubConnection> ConnectAsync(PortalApi portal, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(portal.BaseAddress, "hubs/logs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(portal.Token))
            .Build();
        await connection.StartAsync(ct);
        return connection;
    }

    private static async Task<(int WatchedContainers, long EngineStreamsStarted)> StreamStatsAsync(PortalApi portal, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await portal.GetBytesAsync("api/v1/logs/streams", ct));
        return (doc.RootElement.GetProperty("watchedContainers").GetInt32(), doc.RootElement.GetProperty("engineStreamsStarted").GetInt64());
    }

    /// <summary>Portal's CPU over the window as % of one core, from /proc/PID/stat (utime + stime in clock ticks of 1/100 s).</summary>
    private static async Task<double> CpuAsync(int pid, CancellationToken ct)
    {
        static long Ticks(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        var start = Ticks(pid);
        var clock = Stopwatch.StartNew();
        await Task.Delay(s_cpuWindow, ct);
        return (Ticks(pid) - start) / 100.0 / clock.Elapsed.TotalSeconds * 100;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
