namespace Portal.Data.Stores;

/// <summary>What the engine says about one live container, as the catalog stores it.</summary>
/// <remarks>
/// Networks: the network ids it is attached to (the name while the engine has none yet); Volumes: the named volumes it mounts.
/// </remarks>
public sealed record CatalogContainerSnapshot(
    string ContainerId,
    string Name,
    string Image,
    string ImageId,
    string Command,
    string State,
    string Status,
    DateTime? StatusSince,
    string Ports,
    IReadOnlyDictionary<string, string> Labels,
    string? Team,
    string? Owner,
    DateTime CreatedAt,
    IReadOnlyList<string>? Networks = null,
    IReadOnlyList<string>? Volumes = null);
