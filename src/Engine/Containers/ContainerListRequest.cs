namespace Portal.Engine.Containers;

/// <summary>Filters, sorting and paging for the containers list.</summary>
public sealed record ContainerListRequest
{
    /// <summary>Include stopped containers (like <c>docker ps -a</c>).</summary>
    public bool All { get; init; }

    public string? State { get; init; }

    public string? Text { get; init; }

    /// <summary>Only this team's containers (must be one the actor may see).</summary>
    public string? Team { get; init; }

    /// <summary>Removed containers (history) instead of live ones.</summary>
    public bool Removed { get; init; }

    public string Sort { get; init; } = "name";

    public bool Descending { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 100;

    /// <summary>Every environment the actor may use, not only the current one; each row names its environment.</summary>
    public bool AllEnvironments { get; init; }
}
