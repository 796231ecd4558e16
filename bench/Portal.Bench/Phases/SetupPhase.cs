using System.Diagnostics;
using Portal.Bench.Engine;
using Portal.Bench.PortalClient;

namespace Portal.Bench.Phases;

/// <summary>
/// <c>setup</c>: creates N labelled containers (created, not started) through the Engine API in
/// parallel, then waits until Portal's catalog, fed by the events stream, lists all of them.
/// </summary>
internal static class SetupPhase
{
    private static readonly TimeSpan s_catalogTimeout = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(BenchArgs args, CancellationToken ct)
    {
        var names = new BenchNames(args.Session);
        var containers = args.Containers;
        var parallelism = args.Int("parallel", 16, 1, 64);
        var image = args.Optional("image", "portal-test/busybox:latest");
        using var engine = new EngineApi(args.Socket);
        using var portal = new PortalApi(new Uri(args.Required("portal")));
        await engine.NegotiateAsync(ct);
        await portal.LoginAsync("admin", BenchArgs.AdminPassword, ct);
        // Admin sees every container anyway; the team makes the label point at something real.
        var teamCreated = await portal.EnsureTeamAsync(BenchNames.Team, ct);
        if (!teamCreated)
        {
            Console.WriteLine($"   warning: Portal refused to create team '{BenchNames.Team}' (the label still names it)");
        }

        var existing = await portal.CountAsync(names.Prefix, ct);
        if (existing != 0)
        {
            throw new InvalidOperationException($"Portal already lists {existing} containers named {names.Prefix}*: reuse of a session id?");
        }

        Console.WriteLine($"==> creating {containers} containers {names.Prefix}-* from {image} ({parallelism} in parallel, not started)");
        var labels = names.Labels;
        var created = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, containers), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                await engine.CreateAsync(names.Name(i), image, labels, token);
                var n = Interlocked.Increment(ref created);
                if (n % 250 == 0 && n < containers)
                {
                    Console.WriteLine($"   {n}/{containers} created ({clock.Elapsed.TotalSeconds:F1} s)");
                }
            });
        var createSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"   {containers} created in {createSeconds:F1} s ({containers / createSeconds:F0}/s)");

        // Portal follows the events stream; poll X-Total-Count until the catalog has them all.
        var lagClock = Stopwatch.StartNew();
        var seen = -1;
        while (true)
        {
            var count = await portal.CountAsync(names.Prefix, ct);
            if (count == containers)
            {
                break;
            }

            if (count != seen && lagClock.Elapsed > TimeSpan.FromSeconds(1))
            {
                Console.WriteLine($"   catalog lists {count}/{containers} ({lagClock.Elapsed.TotalSeconds:F1} s after the last create)");
            }

            seen = count;
            if (lagClock.Elapsed > s_catalogTimeout)
            {
                throw new TimeoutException($"Portal's catalog lists {count} of {containers} containers after {s_catalogTimeout.TotalMinutes:F0} min");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        var lag = lagClock.Elapsed.TotalSeconds;
        Console.WriteLine($"   Portal's catalog lists all {containers} {lag:F2} s after the last create");
        BenchState.Save(args.StateDir, "setup", new SetupResult(names.Session, containers, parallelism, image, createSeconds, lag, teamCreated));
    }
}
