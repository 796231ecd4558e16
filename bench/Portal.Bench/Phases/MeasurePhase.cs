using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Portal.Bench.Engine;
using Portal.Bench.Measuring;
using Portal.Bench.PortalClient;
using Portal.Bench.Reporting;

namespace Portal.Bench.Phases;

/// <summary>
/// <c>measure</c>: times Portal's list against the raw Engine API and the docker CLI, interleaved
/// (every iteration runs each probe once, in a shuffled order), after a warm-up; writes the report.
/// </summary>
internal static class MeasurePhase
{
    /// <summary>Untimed calls of each Portal request before the interleaved warm-up.</summary>
    public const int PortalJitWarmup = 50;

    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(BenchArgs args, CancellationToken ct)
    {
        var names = new BenchNames(args.Session);
        var containers = args.Containers;
        var iterations = args.Int("iterations", 30, 1, BenchArgs.MaxIterations);
        var warmup = args.Int("warmup", 5, 0, BenchArgs.MaxIterations);
        var seed = args.Int("seed", 1, 0, int.MaxValue);
        using var engine = new EngineApi(args.Socket);
        using var portal = new PortalApi(new Uri(args.Required("portal")));
        var cli = new DockerCli(args.Socket);
        await engine.NegotiateAsync(ct);
        await portal.LoginAsync("admin", BenchArgs.AdminPassword, ct);
        await WaitForCatalogAsync(portal, names, containers, ct);

        var page = Math.Min(containers, 1000);
        var matches = BenchNames.FragmentMatches(containers);
        var portalAll = PortalApi.ListUrl(null, 1000);
        var portalQ = PortalApi.ListUrl(names.Fragment, 1000);
        var rawAll = engine.ListUrl(null);
        var rawQ = engine.ListUrl(names.Fragment);
        Probe[] probes =
        [
            new("portal", "Portal `GET /api/v1/containers?all=true&take=1000`", c => portal.GetBytesAsync(portalAll, c), JsonItems,
                n => n >= page && n <= 1000, $"{page}..1000"),
            new("raw", "Engine API `GET /containers/json?all=1`", c => engine.GetBytesAsync(rawAll, c), JsonItems, n => n >= containers, $">= {containers}"),
            new("cli", "`docker ps -a --no-trunc --format '{{json .}}'`", c => cli.RunAsync(DockerCli.PsArguments(null), c), DockerCli.CountLines,
                n => n >= containers, $">= {containers}"),
            new("portal-q", "Portal `…?all=true&take=1000&q=<fragment>`", c => portal.GetBytesAsync(portalQ, c), JsonItems, n => n == matches, $"{matches}"),
            new("raw-q", "Engine API `…?all=1&filters={\"name\":[<fragment>]}`", c => engine.GetBytesAsync(rawQ, c), JsonItems, n => n == matches, $"{matches}"),
            new("cli-q", "`docker ps -a --no-trunc --filter name=<fragment> --format '{{json .}}'`", c => cli.RunAsync(DockerCli.PsArguments(names.Fragment), c),
                DockerCli.CountLines, n => n == matches, $"{matches}"),
            // Not compared: what any authenticated API call costs (token, user, roles), without the catalog.
            new("portal-auth", "Portal `GET /api/v1/engine` (auth only, no catalog; baseline)", c => portal.GetBytesAsync("api/v1/engine", c),
                JsonObjects, n => n == 1, "1 object"),
        ];

        var cliVersion = Encoding.UTF8.GetString(await cli.RunAsync(["version", "--format", "{{.Client.Version}}"], ct)).Trim();
        var loadBefore = MachineInfo.LoadAverage();
        Console.WriteLine($"==> measuring: {warmup} warm-up + {iterations} iterations x {probes.Length} probes, interleaved (load {loadBefore})");
        // Portal is a long-running .NET server: let tiered JIT settle (30 calls promote a method)
        // before the interleaved warm-up, as dockerd (Go, compiled ahead of time) needs no such start.
        foreach (var probe in probes.Where(p => p.Key.StartsWith("portal", StringComparison.Ordinal)))
        {
            for (var i = 0; i < PortalJitWarmup; i++)
            {
                await probe.Run(ct);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var rng = new Random(seed);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < warmup + iterations; i++)
        {
            var order = probes.ToArray();
            rng.Shuffle(order);
            foreach (var probe in order)
            {
                var start = Stopwatch.GetTimestamp();
                var answer = await probe.Run(ct);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                probe.Record(ms, answer, keep: i >= warmup);
            }

            if ((i + 1) % 10 == 0)
            {
                Console.WriteLine($"   {i + 1}/{warmup + iterations} iterations ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }

        var report = new ListLatencyReport
        {
            Machine = MachineInfo.Read(),
            DaemonVersion = engine.ServerVersion,
            ApiVersion = engine.ApiVersion,
            CliVersion = cliVersion,
            PortalCommit = args.Optional("commit", "?"),
            Containers = containers,
            Iterations = iterations,
            Warmup = warmup,
            Seed = seed,
            Fragment = names.Fragment,
            LoadBefore = loadBefore,
            LoadAfter = MachineInfo.LoadAverage(),
            MeasureSeconds = clock.Elapsed.TotalSeconds,
            Setup = BenchState.Load<SetupResult>(args.StateDir, "setup"),
            Resyncs = [.. new[] { "warm", "cold" }.Select(l => BenchState.Load<ResyncResult>(args.StateDir, "resync-" + l)).OfType<ResyncResult>()],
            Probes = probes,
        };
        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        var output = args.Optional("out", "");
        if (output.Length > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, markdown, ct);
            Console.WriteLine($"==> wrote {output}");
        }

        if (probes.Any(p => p.Mismatches > 0))
        {
            throw new InvalidOperationException("some answers had the wrong number of items: "
                + string.Join("; ", probes.Where(p => p.Mismatches > 0).Select(p => $"{p.Key}: {p.Mismatches}x, last {p.LastMismatch}")));
        }
    }

    private static int JsonItems(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetArrayLength();
    }

    private static int JsonObjects(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
    }

    private static async Task WaitForCatalogAsync(PortalApi portal, BenchNames names, int containers, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        int count;
        while ((count = await portal.CountAsync(names.Prefix, ct)) != containers)
        {
            if (clock.Elapsed > s_readyTimeout)
            {
                throw new TimeoutException($"Portal lists {count} of the {containers} bench containers after {s_readyTimeout.TotalMinutes:F0} min");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }
}
