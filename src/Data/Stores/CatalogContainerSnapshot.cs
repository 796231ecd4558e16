namespace Portal.Data.Stores;

/// <summary>What the engine says about one live container, as the catalog stores it.</summary>
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
    DateTime CreatedAt);
