using System.Globalization;

namespace Portal.Web.Utils;

/// <summary>How pages write times: relative for scanning, UTC for exactness (the server does not know the browser's zone).</summary>
public static class TimeFormat
{
    public static string Utc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Parses the engine's RFC 3339 timestamps; its "zero" time (0001-01-01) means never.</summary>
    public static DateTime? ParseEngineTime(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) && t.Year > 1
            ? t
            : null;

    public static string Relative(DateTime utc, DateTimeOffset now)
    {
        var age = now.UtcDateTime - DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        if (age < TimeSpan.Zero)
        {
            return "just now";
        }

        return age.TotalSeconds switch
        {
            < 45 => "just now",
            < 90 => "a minute ago",
            < 3600 => $"{(int)Math.Round(age.TotalMinutes)} minutes ago",
            < 5400 => "an hour ago",
            < 86400 => $"{(int)Math.Round(age.TotalHours)} hours ago",
            < 172800 => "yesterday",
            < 86400 * 45 => $"{(int)age.TotalDays} days ago",
            _ => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }
}
