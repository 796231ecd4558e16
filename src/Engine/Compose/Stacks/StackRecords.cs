using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Compose.Stacks;

/// <summary>Where a stack comes from.</summary>
public enum StackSource
{
    /// <summary>Saved in Portal with its files.</summary>
    Portal,

    /// <summary>Made outside Portal (the compose CLI) and adopted by an admin for a team; Portal has no files for it.</summary>
    Adopted,

    /// <summary>On the engine only (the compose CLI); admins see it and may adopt it.</summary>
    Engine,
}

/// <summary>A stack in the list, with its status from the catalog.</summary>
/// <param name="Name">Compose project name.</param>
/// <param name="Team">Owning team, null when none.</param>
/// <param name="Source">Portal, adopted or engine-only.</param>
/// <param name="Running">Containers running.</param>
/// <param name="Total">Containers of the project on the engine.</param>
/// <param name="Unhealthy">Containers whose healthcheck fails.</param>
/// <param name="Exited">Containers exited or dead.</param>
/// <param name="Services">Service names seen on the engine.</param>
/// <param name="Revision">Latest revision number, 0 without files.</param>
/// <param name="UpdatedAt">When the files last changed (Portal stacks).</param>
/// <param name="Environment">The environment the stack belongs to.</param>
public sealed record StackSummary(string Name, string? Team, StackSource Source, int Running, int Total, int Unhealthy, int Exited,
    IReadOnlyList<string> Services, int Revision, DateTime? UpdatedAt, string? Environment = null)
{
    /// <summary>One phrase for the list: running n/m, with unhealthy and exited counts.</summary>
    public string Status => Total == 0 ? "not deployed"
        : $"running {Running}/{Total}{(Unhealthy > 0 ? $", {Unhealthy} unhealthy" : "")}{(Exited > 0 ? $", {Exited} exited" : "")}";
}

/// <summary>A stack with its current files and containers.</summary>
public sealed record StackDetails(StackSummary Summary, IReadOnlyList<ComposeFile> Files, string Env, IReadOnlyList<StackContainer> Containers);

/// <summary>One container of a stack, from the catalog.</summary>
public sealed record StackContainer(string Id, string Name, string Service, int Number, string State, string Status);

/// <summary>Create or update a stack: the compose files in override order and the <c>.env</c>.</summary>
public sealed record SaveStackRequest
{
    public string Name { get; init; } = "";

    public IReadOnlyList<ComposeFile> Files { get; init; } = [];

    public string Env { get; init; } = "";

    /// <summary>Owning team when creating; may be omitted when the actor operates exactly one team.</summary>
    public string? Team { get; init; }

    public string? Comment { get; init; }
}

/// <summary>The outcome of a save or a validation: the stack when saved, the loader's located errors otherwise.</summary>
public sealed record StackSaveResult(StackDetails? Stack, IReadOnlyList<ComposeError> Errors);

/// <summary>One saved revision.</summary>
public sealed record StackRevisionInfo(int Number, string CreatedBy, DateTime CreatedAt, string? Comment, IReadOnlyList<ComposeFile> Files, string Env);

/// <summary>The end of a stack action: the plan that ran (for up) and each service's state.</summary>
public sealed record StackActionResult(string Stack, string Action, string? Plan, string Report);
