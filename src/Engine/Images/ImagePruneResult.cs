namespace Portal.Engine.Images;

/// <summary>What an image prune removed and how many bytes it gave back.</summary>
public sealed record ImagePruneResult(IReadOnlyList<string> Deleted, long SpaceReclaimed);
