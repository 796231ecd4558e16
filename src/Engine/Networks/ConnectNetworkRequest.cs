namespace Portal.Engine.Networks;

/// <summary>Connect a container to a network, like <c>docker network connect [--alias a] [--ip x] net ctr</c>.</summary>
public sealed record ConnectNetworkRequest
{
    public string Container { get; init; } = "";

    public IReadOnlyList<string>? Aliases { get; init; }

    /// <summary>Static IPv4 address inside the network's subnet; the engine picks one when empty.</summary>
    public string? IPv4Address { get; init; }
}
