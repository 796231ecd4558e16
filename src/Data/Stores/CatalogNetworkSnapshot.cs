namespace Portal.Data.Stores;

/// <summary>What the engine says about one network, as the catalog stores it.</summary>
public sealed record CatalogNetworkSnapshot(
    string NetworkId,
    string Name,
    string Driver,
    string Scope,
    string? Subnet,
    string? Gateway,
    bool Internal,
    bool Attachable,
    bool IPv6,
    string? Team,
    string? Owner,
    bool Shared,
    DateTime CreatedAt);
