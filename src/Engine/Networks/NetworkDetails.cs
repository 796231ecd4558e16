namespace Portal.Engine.Networks;

/// <summary>What <c>docker network inspect</c> tells, trimmed to what people read and filtered to what the actor may see.</summary>
public sealed record NetworkDetails
{
    public required NetworkSummary Summary { get; init; }

    public IReadOnlyList<NetworkIpam> Ipam { get; init; } = [];

    /// <summary>Attached containers the actor may see; another team's are neither listed nor counted.</summary>
    public IReadOnlyList<NetworkMember> Members { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
