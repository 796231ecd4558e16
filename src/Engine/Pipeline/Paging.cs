using Portal.Data.Stores;

namespace Portal.Engine.Pipeline;

/// <summary>Limits of the paged lists operations serve.</summary>
public static class Paging
{
    /// <summary>Most items one page of a catalog list holds; larger requests are clamped.</summary>
    public const int MaxPageSize = CatalogStore.MaxPageSize;
}
