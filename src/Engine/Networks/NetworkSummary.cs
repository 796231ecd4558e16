namespace Portal.Engine.Networks;

/// <summary>One row of the networks list.</summary>
public sealed record NetworkSummary(
    string Id,
    string Name,
    string Driver,
    string Scope,
    string? Subnet,
    string? Gateway,
    bool Internal,
    bool Attachable,
    bool IPv6,
    int Containers,
    string? Team,
    string? Owner,
    bool Shared,
    bool BuiltIn,
    DateTime Created)
{
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;
}
