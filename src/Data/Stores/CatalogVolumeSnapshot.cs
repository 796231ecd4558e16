namespace Portal.Data.Stores;

/// <summary>What the engine's volume list says about one volume, as the catalog stores it (sizes come separately).</summary>
public sealed record CatalogVolumeSnapshot(
    string Name,
    string Driver,
    string Scope,
    string? Mountpoint,
    string? Team,
    string? Owner,
    DateTime? CreatedAt);
