namespace Portal.Data.Entities;

/// <summary>The catalog's record of one image on an engine.</summary>
public sealed class CatalogImage
{
    public long RowId { get; set; }

    public int EndpointId { get; set; }

    /// <summary>The engine's image id (<c>sha256:…</c>).</summary>
    public required string ImageId { get; set; }

    /// <summary>Repository tags, comma separated.</summary>
    public string Tags { get; set; } = "";

    public long Size { get; set; }

    public string? Team { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? RemovedAt { get; set; }
}
