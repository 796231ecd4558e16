namespace Portal.Engine.Volumes;

/// <summary>One row of the volumes list.</summary>
/// <remarks>
/// Size: Bytes from the engine's disk-usage report; null when the engine does not know.
/// UsedBy: Names of the containers using it that the actor may see; another team's are neither named nor counted.
/// Mountpoint: Host path of the volume's data; admins only, null for everyone else.
/// </remarks>
public sealed record VolumeSummary(
    string Name,
    string Driver,
    string Scope,
    DateTime? Created,
    long? Size,
    IReadOnlyList<string> UsedBy,
    string? Team,
    string? Owner,
    string? Mountpoint)
{
    /// <summary>True when a container the actor may see uses it.</summary>
    public bool InUse => UsedBy.Count > 0;
}
