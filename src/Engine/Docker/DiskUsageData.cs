namespace Portal.Engine.Docker;

/// <summary>The engine's disk-usage report, one list per kind of object.</summary>
public sealed record DiskUsageData(
    long LayersSize,
    IReadOnlyList<DiskUsageItem> Images,
    IReadOnlyList<DiskUsageItem> Containers,
    IReadOnlyList<DiskUsageItem> Volumes,
    IReadOnlyList<DiskUsageItem> BuildCache);
