namespace Portal.Engine.Logs;

/// <summary>Which part of a container's log to read, as <c>docker logs</c> options.</summary>
public sealed record LogQuery
{
    /// <summary>Only the last N lines (<c>--tail</c>); null reads the whole log.</summary>
    public int? Tail { get; init; }

    /// <summary>Only lines at or after this time (<c>--since</c>).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only lines before this time (<c>--until</c>).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Keep following new lines until the container stops or the caller cancels (<c>--follow</c>).</summary>
    public bool Follow { get; init; }
}
