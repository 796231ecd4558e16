namespace Portal.Engine.Logs;

/// <summary>Lines of several containers that arrived together, ordered by timestamp.</summary>
/// <param name="Lines">The lines, oldest first.</param>
/// <param name="Skipped">Lines this viewer has lost so far because it read too slowly (a running total).</param>
public sealed record MergedLogBatch(IReadOnlyList<MergedLogLine> Lines, long Skipped);
