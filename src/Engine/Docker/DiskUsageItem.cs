namespace Portal.Engine.Docker;

/// <summary>One object in the disk-usage report. <paramref name="Size"/> is -1 when the engine did not measure it.</summary>
/// <remarks>
/// Active: Used by a container (images, volumes), running (containers) or in use (build cache).
/// Volumes: For a container, the names of the volumes it mounts; empty for other kinds.
/// </remarks>
public sealed record DiskUsageItem(string Id, long Size, long SharedSize, bool Active, IReadOnlyDictionary<string, string> Labels)
{
    public IReadOnlyList<string> Volumes { get; init; } = [];
}
