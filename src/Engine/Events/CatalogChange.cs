namespace Portal.Engine.Events;

/// <summary>Which rows of the catalog changed.</summary>
public enum CatalogKind
{
    Containers,
    Images,
    Networks,
    Volumes,
}

/// <summary>A catalog change: the environment's row id and the kind of rows.</summary>
public readonly record struct CatalogChange(int EnvironmentId, CatalogKind Kind);
