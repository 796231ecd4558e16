namespace Portal.Engine.Volumes;

/// <summary>The entries directly inside one folder of a volume.</summary>
/// <remarks>
/// Truncated: True when the folder held more than the browser reads.
/// </remarks>
public sealed record VolumeListing(string Volume, string Path, IReadOnlyList<VolumeEntry> Entries, bool Truncated);
