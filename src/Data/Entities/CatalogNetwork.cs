namespace Portal.Data.Entities;

/// <summary>
/// The catalog's record of one network on an engine, mirrored from the engine's network list and
/// events. The row goes when the network goes.
/// </summary>
public sealed class CatalogNetwork
{
    public long RowId { get; set; }

    public int EndpointId { get; set; }

    /// <summary>The engine's full network id.</summary>
    public required string NetworkId { get; set; }

    public required string Name { get; set; }

    public string Driver { get; set; } = "";

    public string Scope { get; set; } = "";

    /// <summary>The first IPAM subnet, if any.</summary>
    public string? Subnet { get; set; }

    /// <summary>The first IPAM gateway, if any.</summary>
    public string? Gateway { get; set; }

    public bool Internal { get; set; }

    public bool Attachable { get; set; }

    public bool IPv6 { get; set; }

    /// <summary>The <c>io.portal.team</c> label.</summary>
    public string? Team { get; set; }

    /// <summary>The <c>io.portal.owner</c> label.</summary>
    public string? Owner { get; set; }

    /// <summary>The <c>io.portal.shared</c> label is <c>true</c>: every team may see and attach.</summary>
    public bool Shared { get; set; }

    /// <summary>When the engine made it, UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
