namespace Portal.Engine.Logs;

/// <summary>One line of a container's log, without its line break.</summary>
/// <param name="Timestamp">When the engine received the line (UTC), or null when the engine sent none.</param>
/// <param name="Stream">stdout or stderr.</param>
/// <param name="Text">The line as UTF-8 text, ANSI escape codes untouched.</param>
public readonly record struct LogLine(DateTimeOffset? Timestamp, LogStream Stream, string Text);
