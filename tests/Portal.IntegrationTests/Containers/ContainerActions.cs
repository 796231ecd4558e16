using Portal.Engine.Containers;
using Portal.Engine.Pipeline;
using Xunit;

namespace Portal.IntegrationTests.Containers;

/// <summary>Names each container operation so a [Theory] can run the same check over all of them.</summary>
internal static class ContainerActions
{
    /// <summary>Every operation on an existing container.</summary>
    public static readonly TheoryData<string> All = new("get", "start", "stop", "restart", "kill", "remove");

    /// <summary>Every operation that changes a container.</summary>
    public static readonly TheoryData<string> Changes = new("start", "stop", "restart", "kill", "remove");

    public static Task Invoke(IContainerOperations containers, string action, Actor actor, string idOrName, CancellationToken ct) => action switch
    {
        "get" => containers.GetAsync(actor, idOrName, ct),
        "start" => containers.StartAsync(actor, idOrName, ct),
        "stop" => containers.StopAsync(actor, idOrName, 1, ct),
        "restart" => containers.RestartAsync(actor, idOrName, 1, ct),
        "kill" => containers.KillAsync(actor, idOrName, null, ct),
        "remove" => containers.RemoveAsync(actor, idOrName, force: true, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown action"),
    };
}
