namespace Portal.Engine.Resources;

/// <summary>The resource layer in one piece, for clients that touch several kinds at once (compose, stacks).</summary>
public sealed class EngineResources(ContainerResources containers, NetworkResources networks, VolumeResources volumes)
{
    public ContainerResources Containers { get; } = containers;

    public NetworkResources Networks { get; } = networks;

    public VolumeResources Volumes { get; } = volumes;
}
