namespace Portal.Engine.Networks;

/// <summary>One IPAM pool of a network.</summary>
public sealed record NetworkIpam(string? Subnet, string? IpRange, string? Gateway);
