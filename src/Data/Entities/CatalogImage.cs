namespace Portal.Data.Entities;

/// <summary>
/// The catalog's record of one image on an engine, mirrored from the engine's image list and
/// events. The row goes when the image goes; a pull's team survives resyncs while it lives.
/// </summary>
public sealed class CatalogImage
{
    public long RowId { get; set; }

    public int EndpointId { get; set; }

    /// <summary>The engine's image id (<c>sha256:…</c>).</summary>
    public required string ImageId { get; set; }

    /// <summary>Repository tags, sorted, joined by <see cref="TagSeparator"/>; empty for a dangling image.</summary>
    public string Tags { get; set; } = "";

    public long Size { get; set; }

    /// <summary>The <c>io.portal.team</c> label: the team that built it. Hides the image from other teams.</summary>
    public string? Team { get; set; }

    /// <summary>The <c>io.portal.owner</c> label.</summary>
    public string? Owner { get; set; }

    /// <summary>
    /// The team whose member pulled the image through Portal (a pull cannot label). It owns the
    /// image (may tag, push, remove it) without hiding it: anyone may run a pulled image.
    /// </summary>
    public string? PulledByTeam { get; set; }

    /// <summary>Who pulled it through Portal.</summary>
    public string? PulledBy { get; set; }

    /// <summary>When the image was made (the engine's Created), UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Unused: image rows are deleted when the engine no longer lists them.</summary>
    public DateTime? RemovedAt { get; set; }

    /// <summary>Separates tags in <see cref="Tags"/>; a reference never holds one.</summary>
    public const char TagSeparator = ' ';
}
