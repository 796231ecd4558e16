using System.Diagnostics;
using System.Globalization;
using System.Text;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Stats;

// Stats bench: Portal's sampler against `docker stats --no-stream` on N running containers,
// and the sampler's CPU at 1 Hz. Creates its containers in parallel with a session label and
// removes exactly those at the end. Run through bench/stats.sh.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var steadySeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var output = args.Length > 2 ? args[2] : "bench/results/stats.md";
var image = Environment.GetEnvironmentVariable("PORTAL_TEST_IMAGE") ?? "portal-test/busybox:latest";
var session = Guid.NewGuid().ToString("N");
const string SessionLabel = "portal-bench-stats.session";

var options = Options.Create(new EngineOptions { Endpoint = "unix:///var/run/docker.sock" });
using var connection = new EngineConnection(options, TimeProvider.System, NullLogger<EngineConnection>.Instance);
var status = await connection.ConnectAsync(CancellationToken.None);
if (!status.IsConnected)
{
    Console.Error.WriteLine($"stats-bench: {status.Reason}");
    return 1;
}

var client = connection.Client;
var ids = new List<string>();
try
{
    var created = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
    {
        var c = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Name = $"stats-bench-{session[..8]}-{i}",
            Cmd = ["sleep", "3600"],
            Labels = new Dictionary<string, string> { [SessionLabel] = session },
        }, ct);
        lock (ids)
        {
            ids.Add(c.ID);
        }

        await client.Containers.StartContainerAsync(c.ID, new ContainerStartParameters(), ct);
    });
    Console.WriteLine($"created and started {count} containers in {created.Elapsed.TotalSeconds:F1} s");

    using var sampler = new StatsSampler(connection, new CatalogNotifier(), options, TimeProvider.System, NullLogger<StatsSampler>.Instance);
    var cold = Stopwatch.StartNew();
    var first = await sampler.SampleNowAsync(CancellationToken.None);
    cold.Stop();
    var warm = new List<double>();
    StatsPass last = first;
    for (var i = 0; i < 10; i++)
    {
        await Task.Delay(200);
        var sw = Stopwatch.StartNew();
        last = await sampler.SampleNowAsync(CancellationToken.None);
        warm.Add(sw.Elapsed.TotalMilliseconds);
    }

    var running = last.Containers.Count;
    Console.WriteLine($"sampler: cold pass {cold.Elapsed.TotalMilliseconds:F0} ms ({first.Pending} containers first seen), warm median {Median(warm):F1} ms over {running} running containers ({(sampler.ReadsCgroups ? "cgroup " + sampler.CgroupVersion : "engine API")})");

    var docker = new List<double>();
    for (var i = 0; i < 3; i++)
    {
        var sw = Stopwatch.StartNew();
        await DockerStatsAsync(ids);
        docker.Add(sw.Elapsed.TotalMilliseconds);
        Console.WriteLine($"docker stats --no-stream ({ids.Count} containers): {sw.Elapsed.TotalMilliseconds:F0} ms");
    }

    // Steady state: one subscriber, the once-a-second loop, CPU time of this whole process.
    var process = Process.GetCurrentProcess();
    using (var subscription = sampler.Subscribe())
    {
        await Task.Delay(3000);
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var passes = 0;
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(steadySeconds));
        try
        {
            await foreach (var _ in subscription.Passes.ReadAllAsync(window.Token))
            {
                passes++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
        Console.WriteLine($"steady 1 Hz: {passes} passes in {wall.Elapsed.TotalSeconds:F1} s, process CPU {cpu:F2} % of one core");

        var warmMedian = Median(warm);
        var dockerMedian = Median(docker);
        var report = new StringBuilder();
        report.AppendLine("# Stats sampling bench");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} CPUs, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (shared machine), engine {status.ServerVersion} (API {status.ApiVersion}), stats from {(sampler.ReadsCgroups ? "cgroup " + sampler.CgroupVersion : "engine API")}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"{count} bench containers (`sleep 3600`, created and started in parallel, removed after); the sampler reads every running container on the engine: {running} in the warm passes.");
        report.AppendLine();
        report.AppendLine("| measure | Portal | docker CLI | ratio | aim |");
        report.AppendLine("| --- | --- | --- | --- | --- |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| sample all running containers once (warm pass, median of 10) | {warmMedian:F1} ms | `docker stats --no-stream` on the {count}: {dockerMedian:F0} ms (median of 3) | {warmMedian / dockerMedian:F4}× | ≤ 0.02× |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| first pass (lists containers, finds cgroups) | {cold.Elapsed.TotalMilliseconds:F0} ms | same | {cold.Elapsed.TotalMilliseconds / dockerMedian:F4}× | |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| steady sampling at 1 Hz, CPU of the whole bench process over {steadySeconds} s | {cpu:F2} % of one core ({passes} passes) | | | ≤ 5 % |");
        report.AppendLine();
        report.AppendLine("A pass's CPU % needs the previous reading, so the warm pass is the one that yields figures; `docker stats --no-stream` likewise waits for two engine samples per container.");
        report.AppendLine("Reproduce: `bench/stats.sh [containers] [steady-seconds]`.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine($"wrote {output}");
    }
}
finally
{
    var removing = Stopwatch.StartNew();
    var mine = await client.Containers.ListContainersAsync(new ContainersListParameters
    {
        All = true,
        Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{SessionLabel}={session}"] = true } },
    });
    await Parallel.ForEachAsync(mine, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, ct) =>
        await client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true }, ct));
    Console.WriteLine($"removed {mine.Count} containers in {removing.Elapsed.TotalSeconds:F1} s");
}

return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static async Task DockerStatsAsync(IReadOnlyList<string> ids)
{
    var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var a in (string[])["stats", "--no-stream", "--format", "{{json .}}"])
    {
        start.ArgumentList.Add(a);
    }

    foreach (var id in ids)
    {
        start.ArgumentList.Add(id);
    }

    using var p = Process.Start(start)!;
    await p.StandardOutput.ReadToEndAsync();
    await p.WaitForExitAsync();
}
