namespace Portal.Web.Model;

/// <summary>What the containers pages show around a lifecycle action: which actions a state allows, and the state shown while one runs.</summary>
public static class ContainerActionStates
{
    /// <summary>
    /// Whether <paramref name="action"/> makes sense for a container in <paramref name="state"/>: a running container
    /// cannot be started, a stopped one cannot be stopped or killed. Restart and remove apply to any container.
    /// </summary>
    public static bool Allows(ContainerAction action, string state) => action switch
    {
        ContainerAction.Start => !IsUp(state),
        ContainerAction.Stop or ContainerAction.Kill => IsUp(state),
        _ => true,
    };

    /// <summary>True for the states in which the container's process exists (running, paused, restarting).</summary>
    public static bool IsUp(string state) => state is "running" or "paused" or "restarting";

    /// <summary>The transitional state shown from the click until the action's answer: "stopping…", "removing…".</summary>
    public static string Transition(ContainerAction action) => action switch
    {
        ContainerAction.Start => "starting…",
        ContainerAction.Stop => "stopping…",
        ContainerAction.Restart => "restarting…",
        ContainerAction.Kill => "killing…",
        _ => "removing…",
    };
}
