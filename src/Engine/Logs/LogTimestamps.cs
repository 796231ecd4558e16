using System.Globalization;

namespace Portal.Engine.Logs;

/// <summary>Docker's RFC3339Nano log timestamps (<c>2026-11-29T20:42:26.123456789Z</c>) in and out.</summary>
public static class LogTimestamps
{
    /// <summary>
    /// Parses the timestamp at the start of <paramref name="text"/> up to the first space.
    /// .NET keeps 100 ns ticks, so digits past the seventh are dropped (docker sends nine).
    /// </summary>
    /// <returns>The length of the prefix including its space, or 0 when there is no timestamp.</returns>
    public static int TryParsePrefix(ReadOnlySpan<byte> text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        var space = text.IndexOf((byte)' ');
        var end = space < 0 ? text.Length : space;
        // yyyy-MM-ddTHH:mm:ss is 19 bytes; a zone (Z or ±hh:mm) follows, a fraction may come between.
        if (end < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        {
            return 0;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return 0;
        }

        var i = 19;
        long fractionTicks = 0;
        if (text[i] == '.')
        {
            i++;
            var scale = TimeSpan.TicksPerSecond;
            while (i < end && text[i] is >= (byte)'0' and <= (byte)'9')
            {
                scale /= 10;
                fractionTicks += (text[i] - '0') * scale;
                i++;
            }
        }

        var offset = TimeSpan.Zero;
        if (i == end - 1 && text[i] == 'Z')
        {
            // UTC, as docker always sends.
        }
        else if (i == end - 6 && text[i] is (byte)'+' or (byte)'-' && text[i + 3] == ':'
            && Digits(text, i + 1, 2, out var oh) && Digits(text, i + 4, 2, out var om))
        {
            offset = new TimeSpan(oh, om, 0) * (text[i] == '-' ? -1 : 1);
        }
        else
        {
            return 0;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 60)
        {
            return 0;
        }

        try
        {
            timestamp = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset).AddTicks(fractionTicks).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            return 0;
        }

        return space < 0 ? end : end + 1;
    }

    /// <summary>The form Portal prints: UTC with seven fractional digits.</summary>
    public static string Format(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The engine API's form for <c>since</c>/<c>until</c>: Unix seconds with a nanosecond fraction.</summary>
    public static string ToEngineTime(DateTimeOffset timestamp)
    {
        var ticks = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{rest * 100:D9}");
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (text[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }
}
