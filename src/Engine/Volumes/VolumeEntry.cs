namespace Portal.Engine.Volumes;

/// <summary>A file, folder or link inside a volume, as the browser lists it.</summary>
/// <remarks>
/// Path: Path from the volume's root, starting with '/'.
/// Size: Bytes of a file; for a folder, the bytes of the files under it.
/// </remarks>
public sealed record VolumeEntry(string Name, string Path, VolumeEntryKind Kind, long Size, DateTimeOffset Modified, string? LinkTarget);
