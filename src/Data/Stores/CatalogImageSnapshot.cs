namespace Portal.Data.Stores;

/// <summary>What the engine says about one image, as the catalog stores it.</summary>
public sealed record CatalogImageSnapshot(
    string ImageId,
    IReadOnlyList<string> Tags,
    long Size,
    DateTime CreatedAt,
    string? Team,
    string? Owner);
