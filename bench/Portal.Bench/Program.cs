using System.Runtime.InteropServices;
using Portal.Bench;
using Portal.Bench.Phases;

// bench/run.sh drives the commands in order: setup → resync (after each Portal restart) →
// measure → cleanup. Run `bench/run.sh --help` rather than this program directly.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    if (!stop.IsCancellationRequested)
    {
        Console.Error.WriteLine("portal-bench: interrupted, stopping");
        stop.Cancel();
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
try
{
    var parsed = BenchArgs.Parse(args);
    switch (parsed.Command)
    {
        case "setup":
            await SetupPhase.RunAsync(parsed, stop.Token);
            return 0;
        case "resync":
            await ResyncPhase.RunAsync(parsed, stop.Token);
            return 0;
        case "measure":
            await MeasurePhase.RunAsync(parsed, stop.Token);
            return 0;
        case "logs":
            await LogsPhase.RunAsync(parsed, stop.Token);
            return 0;
        case "cleanup":
            // Never cut short: this is what removes the containers after an interrupt.
            using (var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
            {
                return await CleanupPhase.RunAsync(parsed, bounded.Token);
            }

        default:
            throw new ArgumentException($"unknown command '{parsed.Command}' (setup, resync, measure, cleanup)");
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 130;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"portal-bench: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
{
    Console.Error.WriteLine($"portal-bench: {ex.Message}");
    return 1;
}
