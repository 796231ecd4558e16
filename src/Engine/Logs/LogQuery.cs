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

    /// <summary>
    /// Null (line reads): the engine is asked for timestamps, which each <see cref="LogLine"/> carries.
    /// True or false: the session is for <see cref="LogReadSession.CopyToAsync"/>, and the engine prefixes
    /// each line with its timestamp (<c>docker logs -t</c>) or not; such a session cannot be read as lines.
    /// </summary>
    public bool? Timestamps { get; init; }

    /// <summary>Keep following new lines until the container stops or the caller cancels (<c>--follow</c>).</summary>
    public bool Follow { get; init; }
}
