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

    public static AuditFilter From(string? actor, string? action, string? outcome, string? text) => new()
    {
        Actor = Blank(actor),
        Action = Blank(action),
        Outcome = Blank(outcome),
        Text = Blank(text),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
