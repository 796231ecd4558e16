namespace Portal.Engine.DiskUsage;

/// <summary>One line of <c>docker system df</c>: how many, how many in use, size and what a prune would give back.</summary>
public sealed record DiskUsageCategory(string Type, int Total, int Active, long Size, long Reclaimable, PruneScope? Prune);
