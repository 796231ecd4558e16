namespace Portal.Engine.Registries;

/// <summary>A stored registry as pages and API clients see it: never the secret, only whether one is set.</summary>
/// <param name="Id">Store id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Url">Base URL.</param>
/// <param name="Host">Host[:port] matched against image references.</param>
/// <param name="UserName">Login, or null for anonymous access.</param>
/// <param name="HasSecret">True when a password or token is stored.</param>
/// <param name="Team">Owning team; null means everyone may use it.</param>
/// <param name="CreatedBy">Who added it.</param>
/// <param name="CreatedAt">UTC.</param>
public sealed record RegistryInfo(int Id, string Name, string Url, string Host, string? UserName, bool HasSecret, string? Team, string CreatedBy, DateTime CreatedAt);
