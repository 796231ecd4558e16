namespace Portal.Data.Stores;

/// <summary>A live container's networks and named volumes, as the catalog holds them, with its owning team.</summary>
public sealed record CatalogAttachment(string ContainerId, string Name, string? Team, IReadOnlyList<string> Networks, IReadOnlyList<string> Volumes);
