namespace Portal.Engine.Logs;

/// <summary>Lines that arrived together for one viewer.</summary>
/// <param name="Lines">The lines, oldest first.</param>
/// <param name="Skipped">Lines this viewer has lost so far because it read slower than they arrived (a running total).</param>
/// <param name="Ended">True when the container was removed and no more lines will come.</param>
public sealed record LogBatch(IReadOnlyList<LogLine> Lines, long Skipped, bool Ended = false);
