using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>An image of the catalog with the containers using it that the caller may see.</summary>
public sealed record CatalogImageRow(CatalogImage Image, int VisibleContainers)
{
    /// <summary>True when a container the caller may see uses the image; another team's containers never set it.</summary>
    public bool InUse => VisibleContainers > 0;
}
