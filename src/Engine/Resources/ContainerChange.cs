namespace Portal.Engine.Resources;

/// <summary>What the resource layer does to existing containers: one kind of change with its settings.</summary>
/// <param name="Kind">The change.</param>
/// <param name="WaitSeconds">Stop and restart: seconds before the engine kills; remove: stop first with this grace (null: the engine's default, or no stop).</param>
/// <param name="Signal">Kill: the signal.</param>
/// <param name="Force">Remove: also a running container.</param>
/// <param name="RemoveVolumes">Remove: also its anonymous volumes.</param>
/// <param name="By">Remove: the user the catalog records as the remover.</param>
public sealed record ContainerChange(ContainerChangeKind Kind, uint? WaitSeconds = null, string? Signal = null, bool Force = false, bool RemoveVolumes = false, string? By = null)
{
    public static ContainerChange Start { get; } = new(ContainerChangeKind.Start);

    public static ContainerChange Stop(uint? waitSeconds) => new(ContainerChangeKind.Stop, waitSeconds);

    public static ContainerChange Restart(uint? waitSeconds) => new(ContainerChangeKind.Restart, waitSeconds);

    public static ContainerChange Kill(string signal) => new(ContainerChangeKind.Kill, Signal: signal);

    /// <summary>Removes; with <paramref name="stopFirst"/> the container is stopped with that grace before a forced remove (as compose does).</summary>
    public static ContainerChange Remove(bool force, bool removeVolumes, string? by, uint? stopFirst = null) =>
        new(ContainerChangeKind.Remove, stopFirst, Force: force || stopFirst is not null, RemoveVolumes: removeVolumes, By: by);

    /// <summary>The verb a refusal names.</summary>
    public string Verb => Kind switch
    {
        ContainerChangeKind.Start => "start",
        ContainerChangeKind.Stop => "stop",
        ContainerChangeKind.Restart => "restart",
        ContainerChangeKind.Kill => "kill",
        _ => "remove",
    };
}
