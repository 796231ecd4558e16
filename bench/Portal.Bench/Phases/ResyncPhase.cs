using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Bench.Phases;

/// <summary>
/// <c>resync</c>: waits for a freshly started Portal's first "Catalog resynced" log line and reads
/// how long the resync took from the log's timestamps (run.sh starts Portal with single-line,
/// UTC, millisecond timestamps).
/// </summary>
internal static partial class ResyncPhase
{
    private const string ConnectedText = "Connected to Docker engine";
    private const string ListeningText = "Now listening on";

    public static async Task RunAsync(BenchArgs args, CancellationToken ct)
    {
        var log = args.Required("log");
        var label = args.Required("label");
        var timeout = TimeSpan.FromSeconds(args.Int("timeout-seconds", 180, 1, 1800));
        long? startedAtMs = args.Long("started-at-ms", 0) is > 0 and var ms ? ms : null;
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var lines = File.Exists(log) ? await ReadSharedAsync(log, ct) : [];
            var resyncIndex = Array.FindIndex(lines, l => ResyncedRegex().IsMatch(l));
            if (resyncIndex >= 0)
            {
                var result = Read(label, lines, resyncIndex, startedAtMs);
                BenchState.Save(args.StateDir, "resync-" + label, result);
                Console.WriteLine($"   {label} resync: {result.Live} live containers, {result.Changed} records changed, "
                    + $"{result.ConnectedToResyncMs:F0} ms from engine connect to resynced"
                    + (result.ProcessStartToResyncMs is { } p ? $", {p / 1000:F1} s from process start" : ""));
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"no 'Catalog resynced' line in {log} after {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    private static ResyncResult Read(string label, string[] lines, int resyncIndex, long? startedAtMs)
    {
        var match = ResyncedRegex().Match(lines[resyncIndex]);
        var resyncedAt = Timestamp(lines[resyncIndex]);
        var connectedIndex = Array.FindLastIndex(lines, resyncIndex, l => l.Contains(ConnectedText, StringComparison.Ordinal));
        var connectedAt = connectedIndex >= 0 ? Timestamp(lines[connectedIndex]) : null;
        var listeningIndex = Array.FindIndex(lines, l => l.Contains(ListeningText, StringComparison.Ordinal));
        var listeningAt = listeningIndex >= 0 ? Timestamp(lines[listeningIndex]) : null;
        if (resyncedAt is null || connectedAt is null)
        {
            throw new InvalidOperationException("the Portal log has no timestamps: start it with Logging__Console__FormatterOptions__TimestampFormat (see run.sh)");
        }

        DateTimeOffset? started = startedAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new ResyncResult(
            label,
            int.Parse(match.Groups["live"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["changed"].Value, CultureInfo.InvariantCulture),
            (resyncedAt.Value - connectedAt.Value).TotalMilliseconds,
            started is { } s ? (resyncedAt.Value - s).TotalMilliseconds : null,
            started is { } s2 && listeningAt is { } l ? (l - s2).TotalMilliseconds : null);
    }

    /// <summary>The leading <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> of a log line.</summary>
    private static DateTimeOffset? Timestamp(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && DateTimeOffset.TryParseExact(line[..space], "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
    }

    /// <summary>Reads the log while Portal still writes it.</summary>
    private static async Task<string[]> ReadSharedAsync(string path, CancellationToken ct)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(ct);
        return text.Split('\n');
    }

    [GeneratedRegex(@"Catalog resynced: (?<live>\d+) live containers, (?<changed>\d+) records changed")]
    private static partial Regex ResyncedRegex();
}
