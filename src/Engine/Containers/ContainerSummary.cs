using Portal.Data.Entities;
using Portal.Engine.Events;

namespace Portal.Engine.Containers;

/// <summary>One row of the containers list, served from the catalog.</summary>
/// <remarks><see cref="Environment"/> names the environment the container lives in (lists across environments show it).</remarks>
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
    string? RemovedBy,
    string? Environment = null)
{
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    /// <summary>The list row of a catalog record of <paramref name="environment"/>, its status rendered at <paramref name="now"/>.</summary>
    public static ContainerSummary From(CatalogContainer c, DateTime now, string? environment)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.ContainerId, c.Name, c.Image, c.State, StatusText.Render(c.Status, c.StatusSince, now), c.Ports, c.Team, c.Owner, c.CreatedAt, c.RemovedAt, c.RemovedBy, environment);
    }
}
