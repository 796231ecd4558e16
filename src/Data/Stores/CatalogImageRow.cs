using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>An image of the catalog with its use: containers the caller may see, and whether any container uses it.</summary>
public sealed record CatalogImageRow(CatalogImage Image, int VisibleContainers, bool InUse);
