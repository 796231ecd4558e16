namespace Portal.Engine.Logs;

/// <summary>The log fan-out at a glance.</summary>
/// <param name="WatchedContainers">Containers with at least one viewer now (each has exactly one engine follow-stream).</param>
/// <param name="EngineStreamsStarted">Engine follow-streams opened since Portal started (a restart of a watched container opens another).</param>
public sealed record LogStreamStats(int WatchedContainers, long EngineStreamsStarted);
