namespace Portal.Data.Stores;

/// <summary>A filtered, sorted, paged read of the image catalog.</summary>
public sealed record ImageQuery
{
    /// <summary>
    /// The caller's teams: labelled images of other teams are left out and only these teams'
    /// containers are counted. Null means everything (admins).
    /// </summary>
    public IReadOnlyCollection<string>? Teams { get; init; }

    /// <summary>Only untagged (true), only tagged (false), or both (null).</summary>
    public bool? Dangling { get; init; }

    /// <summary>Only images a container the caller may see uses (true), the others (false), or both (null).</summary>
    public bool? InUse { get; init; }

    /// <summary>Case-insensitive substring of a tag, the id or the team.</summary>
    public string? Text { get; init; }

    /// <summary>One of created, tags, size, team.</summary>
    public string Sort { get; init; } = "created";

    public bool Descending { get; init; } = true;

    public int Skip { get; init; }

    /// <summary>Page size; the store caps it at 1,000.</summary>
    public int Take { get; init; } = 100;
}
