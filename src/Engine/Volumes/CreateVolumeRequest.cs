namespace Portal.Engine.Volumes;

/// <summary>What a person asks for when creating a named volume (form and API share it).</summary>
public sealed record CreateVolumeRequest
{
    public string Name { get; init; } = "";

    /// <summary>Volume driver; <c>local</c> when empty. Other drivers are admin-only.</summary>
    public string? Driver { get; init; }

    /// <summary>Driver options such as <c>type</c>, <c>o</c>, <c>device</c>; admins only.</summary>
    public IReadOnlyDictionary<string, string>? DriverOptions { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Owning team; may be omitted when the actor operates exactly one team.</summary>
    public string? Team { get; init; }
}
