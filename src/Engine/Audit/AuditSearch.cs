using Portal.Data.Stores;

namespace Portal.Engine.Audit;

/// <summary>Filters and paging of an audit search; every filter is optional.</summary>
public sealed record AuditSearch
{
    /// <summary>Exact user name of who acted.</summary>
    public string? Actor { get; init; }

    /// <summary>Prefix of the action, such as <c>container.</c>.</summary>
    public string? Action { get; init; }

    public string? Outcome { get; init; }

    /// <summary>Exact team name.</summary>
    public string? Team { get; init; }

    /// <summary>Substring of the object (target) name.</summary>
    public string? Target { get; init; }

    /// <summary>Substring of the target or detail.</summary>
    public string? Text { get; init; }

    /// <summary>From this time on (inclusive, UTC).</summary>
    public DateTime? Since { get; init; }

    /// <summary>Before this time (exclusive, UTC).</summary>
    public DateTime? Until { get; init; }

    public int Skip { get; init; }

    /// <summary>Page size, at most 1,000; ignored by exports.</summary>
    public int Take { get; init; } = 100;

    internal AuditQuery ToQuery() => new()
    {
        Actor = Actor,
        Action = Action,
        Outcome = Outcome,
        Team = Team,
        Target = Target,
        Text = Text,
        Since = Since,
        Until = Until,
        Skip = Skip,
        Take = Take,
    };
}
