namespace Portal.Engine.Pipeline;

/// <summary>What a prune removed and the space it gave back (0 when the engine does not say).</summary>
public sealed record PruneResult(IReadOnlyList<string> Removed, long SpaceReclaimed);
