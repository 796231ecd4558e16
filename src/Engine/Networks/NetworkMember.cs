namespace Portal.Engine.Networks;

/// <summary>A container attached to a network, with its address and aliases there.</summary>
public sealed record NetworkMember(string ContainerId, string Name, string IPv4Address, string IPv6Address, string MacAddress, IReadOnlyList<string> Aliases);
