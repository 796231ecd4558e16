using System.Globalization;
using Portal.Engine.Audit;

namespace Portal.Web.Model;

/// <summary>Filters of the audit page, carried in its URL.</summary>
public sealed record AuditFilter
{
    public static AuditFilter Default { get; } = new();

    /// <summary>Outcomes the audit log records, for the filter menu.</summary>
    public static IReadOnlyList<string> Outcomes { get; } =
        ["succeeded", "not-found", "forbidden", "invalid", "conflict", "engine-error", "engine-unavailable"];

    /// <summary>Exact user name of the actor.</summary>
    public string? Actor { get; init; }

    /// <summary>Prefix of the action, such as <c>container.</c>.</summary>
    public string? Action { get; init; }

    public string? Outcome { get; init; }

    /// <summary>Substring of the target or detail.</summary>
    public string? Text { get; init; }

    /// <summary>Exact team name.</summary>
    public string? Team { get; init; }

    /// <summary>Substring of the object (target) name.</summary>
    public string? Target { get; init; }

    /// <summary>First day shown (UTC date).</summary>
    public DateTime? FirstDay { get; init; }

    /// <summary>Last day shown, inclusive (UTC date).</summary>
    public DateTime? LastDay { get; init; }


    public static AuditFilter From(string? actor, string? action, string? outcome, string? text,
        string? team = null, string? target = null, string? from = null, string? to = null) => new()
    {
        Actor = Blank(actor),
        Action = Blank(action),
        Outcome = Blank(outcome),
        Text = Blank(text),
        Team = Blank(team),
        Target = Blank(target),
        FirstDay = Day(from),
        LastDay = Day(to),
    };

    /// <summary>The search for these filters (days become a half-open UTC range).</summary>
    public AuditSearch ToQuery() => new()
    {
        Actor = Actor,
        Action = Action,
        Outcome = Outcome,
        Text = Text,
        Team = Team,
        Target = Target,
        Since = FirstDay,
        Until = LastDay?.AddDays(1),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTime? Day(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day)
            ? DateTime.SpecifyKind(day.Date, DateTimeKind.Utc)
            : null;
}
