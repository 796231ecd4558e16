namespace Portal.Engine.Compose.Planning;

/// <summary>What the engine has for a project, found by its compose labels.</summary>
public sealed record ObservedProject(
    IReadOnlyList<ObservedContainer> Containers,
    IReadOnlyList<ObservedNetwork> Networks,
    IReadOnlyList<ObservedVolume> Volumes)
{
    public static ObservedProject Empty { get; } = new([], [], []);
}

/// <summary>A container of the project, by its labels.</summary>
/// <remarks><c>State</c> is the engine's state word (running, exited, created, …); <c>Health</c> is healthy, unhealthy, starting, or null without a healthcheck;
/// <c>Admitted</c> is the <see cref="Labels.PortalLabels.ComposeAdmitted"/> label Portal stamped (null on containers made elsewhere).</remarks>
public sealed record ObservedContainer(string Id, string Name, string Service, int Number, string? ConfigHash, string? ImageDigest, string State, string? Health = null, string? Admitted = null);

/// <summary>A network of the project; <paramref name="Key"/> is its <c>com.docker.compose.network</c> label.</summary>
public sealed record ObservedNetwork(string Id, string Name, string Key);

/// <summary>A volume of the project; <paramref name="Key"/> is its <c>com.docker.compose.volume</c> label.</summary>
public sealed record ObservedVolume(string Name, string Key);
