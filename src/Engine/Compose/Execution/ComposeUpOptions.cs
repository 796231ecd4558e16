using Portal.Engine.Compose.Planning;

namespace Portal.Engine.Compose.Execution;

/// <summary>How <c>up</c> runs.</summary>
public sealed record ComposeUpOptions
{
    public PlanOptions Plan { get; init; } = PlanOptions.Default;

    /// <summary>Longest wait for one <c>depends_on</c> condition (healthy, completed) before the deploy fails.</summary>
    public TimeSpan DependencyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Like <c>--wait</c>: after starting, wait until every service is running and, with a healthcheck, healthy.</summary>
    public bool Wait { get; init; }

    /// <summary>How often a waited-on container is inspected.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
