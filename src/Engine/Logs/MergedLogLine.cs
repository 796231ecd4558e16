namespace Portal.Engine.Logs;

/// <summary>A line of a merged view, marked with the container it came from.</summary>
/// <param name="Container">The container's name.</param>
/// <param name="Line">The line.</param>
public readonly record struct MergedLogLine(string Container, LogLine Line);
