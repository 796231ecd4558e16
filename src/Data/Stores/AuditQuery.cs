namespace Portal.Data.Stores;

/// <summary>A filtered, newest-first read of the audit log.</summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }

    /// <summary>Action prefix, for example <c>container.</c>.</summary>
    public string? Action { get; init; }

    public string? Outcome { get; init; }

    /// <summary>Substring of the target or detail.</summary>
    public string? Text { get; init; }

    public DateTime? Since { get; init; }

    public int Skip { get; init; }

    /// <summary>Page size; capped at 1,000.</summary>
    public int Take { get; init; } = 100;
}
