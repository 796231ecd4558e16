using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Engine.Events;

/// <summary>
/// Docker's list status ("Up 5 minutes", "Exited (0) 2 hours ago") ages as soon as it is stored.
/// The catalog keeps it as a template plus the moment it describes, and renders it when read,
/// the way the engine formats durations (go-units <c>HumanDuration</c>).
/// </summary>
public static partial class StatusText
{
    /// <summary>Stands for the duration inside a stored status template.</summary>
    public const string Placeholder = "{duration}";

    /// <summary>Splits an engine status into a template and the time it counts from; other texts are kept as they are.</summary>
    public static (string Template, DateTime? Since) Parse(string status, DateTime now)
    {
        var match = StatusRegex().Match(status ?? "");
        if (!match.Success || ParseDuration(match.Groups["duration"].Value) is not { } duration)
        {
            return (status ?? "", null);
        }

        var template = match.Groups["prefix"].Value + Placeholder + match.Groups["ago"].Value + match.Groups["suffix"].Value;
        return (template, now - duration);
    }

    /// <summary>Renders a stored template at <paramref name="now"/>.</summary>
    public static string Render(string template, DateTime? since, DateTime now) =>
        since is { } start && template.Contains(Placeholder, StringComparison.Ordinal)
            ? template.Replace(Placeholder, Humanize(now - start), StringComparison.Ordinal)
            : template;

    /// <summary>Formats a duration as the engine does.</summary>
    public static string Humanize(TimeSpan d)
    {
        var seconds = (long)Math.Max(0, d.TotalSeconds);
        var minutes = (long)Math.Max(0, d.TotalMinutes);
        var hours = (long)Math.Max(0, Math.Round(d.TotalHours));
        return seconds switch
        {
            < 1 => "Less than a second",
            1 => "1 second",
            < 60 => $"{seconds.ToString(CultureInfo.InvariantCulture)} seconds",
            _ when minutes == 1 => "About a minute",
            _ when minutes < 60 => $"{minutes.ToString(CultureInfo.InvariantCulture)} minutes",
            _ when hours == 1 => "About an hour",
            _ when hours < 48 => $"{hours.ToString(CultureInfo.InvariantCulture)} hours",
            _ when hours < 24 * 7 * 2 => $"{(hours / 24).ToString(CultureInfo.InvariantCulture)} days",
            _ when hours < 24 * 30 * 2 => $"{(hours / 24 / 7).ToString(CultureInfo.InvariantCulture)} weeks",
            _ when hours < 24 * 365 * 2 => $"{(hours / 24 / 30).ToString(CultureInfo.InvariantCulture)} months",
            _ => $"{(hours / 24 / 365).ToString(CultureInfo.InvariantCulture)} years",
        };
    }

    private static TimeSpan? ParseDuration(string text)
    {
        switch (text)
        {
            case "Less than a second":
                return TimeSpan.Zero;
            case "About a minute":
                return TimeSpan.FromMinutes(1);
            case "About an hour":
                return TimeSpan.FromHours(1);
            default:
                break;
        }

        var match = DurationRegex().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var n = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "second" => TimeSpan.FromSeconds(n),
            "minute" => TimeSpan.FromMinutes(n),
            "hour" => TimeSpan.FromHours(n),
            "day" => TimeSpan.FromDays(n),
            "week" => TimeSpan.FromDays(7 * n),
            "month" => TimeSpan.FromDays(30 * n),
            _ => TimeSpan.FromDays(365 * n),
        };
    }

    [GeneratedRegex(@"^(?<prefix>Up |Restarting \(-?\d+\) |Exited \(-?\d+\) )(?<duration>.+?)(?<ago> ago)?(?<suffix> \([^)]*\))?$")]
    private static partial Regex StatusRegex();

    [GeneratedRegex(@"^(\d+) (second|minute|hour|day|week|month|year)s?$")]
    private static partial Regex DurationRegex();
}
