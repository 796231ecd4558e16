using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Engine.Logs;

/// <summary>
/// Reads <c>since</c>/<c>until</c> values as <c>docker logs</c> accepts them: Unix seconds
/// (<c>1732900000.5</c>), an RFC 3339 time (<c>2026-11-29T20:00:00Z</c>) or a duration before
/// now (<c>90s</c>, <c>10m</c>, <c>1h30m</c>).
/// </summary>
public static partial class LogTimeParser
{
    /// <summary>Parses <paramref name="text"/> relative to <paramref name="now"/>; false when it is none of the accepted forms.</summary>
    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds < 253_402_300_800m)
        {
            value = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }

        var match = Duration().Match(text);
        if (match.Success && match.Length > 0)
        {
            var span = TimeSpan.Zero;
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var unit = part.Value[^1] == 's' && part.Value.EndsWith("ms", StringComparison.Ordinal) ? "ms" : part.Value[^1..];
                var number = double.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
                span += unit switch
                {
                    "h" => TimeSpan.FromHours(number),
                    "m" => TimeSpan.FromMinutes(number),
                    "ms" => TimeSpan.FromMilliseconds(number),
                    _ => TimeSpan.FromSeconds(number),
                };
            }

            value = now - span;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|h|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
