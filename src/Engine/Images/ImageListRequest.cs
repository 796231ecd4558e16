namespace Portal.Engine.Images;

/// <summary>Filters of the images list; every filter narrows the result.</summary>
public sealed record ImageListRequest
{
    /// <summary>Only images no tag names (true), only tagged images (false), or both (null).</summary>
    public bool? Dangling { get; init; }

    /// <summary>Only images used by containers (true), unused (false), or both (null).</summary>
    public bool? InUse { get; init; }

    /// <summary>Case-insensitive text matched against tags, id and team.</summary>
    public string? Text { get; init; }

    /// <summary>One of created (default), tags, size, team.</summary>
    public string Sort { get; init; } = "created";

    /// <summary>Newest (largest, last) first; true by default.</summary>
    public bool Descending { get; init; } = true;

    public int Skip { get; init; }

    /// <summary>Page size, at most 1,000.</summary>
    public int Take { get; init; } = 1000;

    /// <summary>Every environment the actor may use, not only the current one; each row names its environment.</summary>
    public bool AllEnvironments { get; init; }
}
