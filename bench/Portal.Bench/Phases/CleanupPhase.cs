using System.Diagnostics;
using Portal.Bench.Engine;

namespace Portal.Bench.Phases;

/// <summary><c>cleanup</c>: removes exactly the containers carrying this session's label, in parallel.</summary>
internal static class CleanupPhase
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken ct)
    {
        var names = new BenchNames(args.Session);
        var parallelism = args.Int("parallel", 16, 1, 64);
        using var engine = new EngineApi(args.Socket);
        await engine.NegotiateAsync(ct);
        var clock = Stopwatch.StartNew();
        var failures = 0;
        var removed = 0;
        // Two passes: a create that was still in flight when a run was interrupted shows up late.
        for (var pass = 0; pass < 2; pass++)
        {
            var ids = await engine.ListIdsByLabelAsync(names.LabelFilter, ct);
            if (ids.Count == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (id, token) =>
            {
                try
                {
                    await engine.RemoveAsync(id, token);
                    Interlocked.Increment(ref removed);
                }
                catch (HttpRequestException ex)
                {
                    Interlocked.Increment(ref failures);
                    Console.Error.WriteLine($"   {ex.Message}");
                }
            });
        }

        var left = (await engine.ListIdsByLabelAsync(names.LabelFilter, ct)).Count;
        Console.WriteLine($"==> cleanup: removed {removed} containers labelled {names.LabelFilter} in {clock.Elapsed.TotalSeconds:F1} s"
            + (left > 0 ? $"; {left} LEFT ({failures} failures)" : ""));
        return left == 0 ? 0 : 1;
    }
}
