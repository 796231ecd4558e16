namespace Portal.Engine.DiskUsage;

/// <summary>The disk-usage page's data, limited to what the actor may see, and the prunes they may run.</summary>
public sealed record DiskUsageReport(IReadOnlyList<DiskUsageCategory> Categories, IReadOnlyList<PruneScope> AllowedPrunes);
