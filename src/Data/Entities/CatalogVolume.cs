namespace Portal.Data.Entities;

/// <summary>
/// The catalog's record of one volume on an engine, mirrored from the engine's volume list and
/// events; its size comes from a throttled background disk-usage refresh. The row goes when the volume goes.
/// </summary>
public sealed class CatalogVolume
{
    public long RowId { get; set; }

    public int EndpointId { get; set; }

    public required string Name { get; set; }

    public string Driver { get; set; } = "";

    public string Scope { get; set; } = "";

    /// <summary>Host path of the volume's data (shown to admins only).</summary>
    public string? Mountpoint { get; set; }

    /// <summary>The <c>io.portal.team</c> label.</summary>
    public string? Team { get; set; }

    /// <summary>The <c>io.portal.owner</c> label.</summary>
    public string? Owner { get; set; }

    /// <summary>When the engine made it, UTC; null when the driver does not say.</summary>
    public DateTime? CreatedAt { get; set; }

    /// <summary>Bytes, from the last disk-usage refresh; null until one has measured it.</summary>
    public long? Size { get; set; }

    /// <summary>When <see cref="Size"/> was measured.</summary>
    public DateTime? SizeAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
