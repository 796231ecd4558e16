namespace Portal.Engine.Registries;

/// <summary>What a new registry needs: a URL (or host[:port]), optional login, and a scope.</summary>
public sealed record RegistryCreateRequest
{
    public required string Name { get; init; }

    /// <summary><c>https://host[:port]</c>, <c>http://host[:port]</c> or bare <c>host[:port]</c> (https assumed, except on loopback).</summary>
    public required string Url { get; init; }

    public string? UserName { get; init; }

    /// <summary>Password or token; stored encrypted, never returned.</summary>
    public string? Secret { get; init; }

    /// <summary>Owning team; null (admins only) for everyone.</summary>
    public string? Team { get; init; }
}
