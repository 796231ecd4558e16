namespace Portal.Data.Stores;

/// <summary>A filtered, newest-first read of the audit log.</summary>
public sealed record AuditQuery
{
    /// <summary>Exact user name of the person (or <c>host:uid=N</c>) who acted.</summary>
    public string? Actor { get; init; }

    /// <summary>Action prefix, for example <c>container.</c>.</summary>
    public string? Action { get; init; }

    public string? Outcome { get; init; }

    /// <summary>Exact name of the team the object belongs to.</summary>
    public string? Team { get; init; }

    /// <summary>Substring of the object (target) name, case-insensitive.</summary>
    public string? Target { get; init; }

    /// <summary>Substring of the target or detail.</summary>
    public string? Text { get; init; }

    /// <summary>Inclusive lower bound of the time (UTC).</summary>
    public DateTime? Since { get; init; }

    /// <summary>Exclusive upper bound of the time (UTC).</summary>
    public DateTime? Until { get; init; }

    public int Skip { get; init; }

    /// <summary>Page size; capped at 1,000.</summary>
    public int Take { get; init; } = 100;
}
