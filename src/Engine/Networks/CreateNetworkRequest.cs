namespace Portal.Engine.Networks;

/// <summary>What a person asks for when creating a network (form and API share it).</summary>
public sealed record CreateNetworkRequest
{
    public string Name { get; init; } = "";

    /// <summary>bridge (default), or another local driver the engine offers (admins).</summary>
    public string? Driver { get; init; }

    /// <summary>CIDR such as <c>10.30.0.0/24</c>; the engine picks one when empty.</summary>
    public string? Subnet { get; init; }

    public string? Gateway { get; init; }

    /// <summary>CIDR inside <see cref="Subnet"/> that addresses are handed out from.</summary>
    public string? IpRange { get; init; }

    public bool Internal { get; init; }

    public bool Attachable { get; init; }

    public bool IPv6 { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Driver options (admins only).</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>Owning team; may be omitted when the actor operates exactly one team.</summary>
    public string? Team { get; init; }

    /// <summary>Admins only: every team may attach to it.</summary>
    public bool Shared { get; init; }
}
