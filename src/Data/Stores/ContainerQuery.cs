namespace Portal.Data.Stores;

/// <summary>A filtered, sorted, paged read of the container catalog.</summary>
public sealed record ContainerQuery
{
    /// <summary>Teams whose containers may be returned; null means every container (admins).</summary>
    public IReadOnlyCollection<string>? Teams { get; init; }

    /// <summary>False returns running containers only, like <c>docker ps</c>.</summary>
    public bool All { get; init; }

    /// <summary>Only this engine state (running, exited, …).</summary>
    public string? State { get; init; }

    /// <summary>Case-insensitive substring of name or image.</summary>
    public string? Text { get; init; }

    /// <summary>Return removed containers (history) instead of live ones.</summary>
    public bool Removed { get; init; }

    /// <summary>One of name, image, state, created, team.</summary>
    public string Sort { get; init; } = "name";

    public bool Descending { get; init; }

    public int Skip { get; init; }

    /// <summary>Page size; the store caps it at 1,000.</summary>
    public int Take { get; init; } = 100;
}
