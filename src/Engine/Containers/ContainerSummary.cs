namespace Portal.Engine.Containers;

/// <summary>One row of the containers list, served from the catalog.</summary>
public sealed record ContainerSummary(
    string Id,
    string Name,
    string Image,
    string State,
    string Status,
    string Ports,
    string? Team,
    string? Owner,
    DateTime CreatedAt,
    DateTime? RemovedAt,
    string? RemovedBy)
{
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;
}
