using Docker.DotNet.Models;

namespace Portal.Engine.Resources;

/// <summary>How a created container is brought up: networks to join after the first, work to do before start, and whether a failure keeps it.</summary>
/// <param name="Networks">Further networks to connect, each with its endpoint settings (null: the engine's defaults).</param>
/// <param name="BeforeStart">Runs after the networks are joined and before start (compose copies secrets and configs in here).</param>
/// <param name="KeepOnFailure">Keep the container when a step fails (for inspection); otherwise it is removed.</param>
public sealed record ContainerLaunch(
    IReadOnlyList<(string Network, EndpointSettings? Endpoint)> Networks,
    Func<string, CancellationToken, Task>? BeforeStart = null,
    bool KeepOnFailure = false)
{
    public static ContainerLaunch Plain { get; } = new([]);
}
