namespace Portal.Engine.Exec;

/// <summary>What to run inside a container, as <c>docker exec</c> takes it.</summary>
public sealed record ExecRequest
{
    /// <summary>The argv; empty means <see cref="ExecCommands.DefaultShell"/>.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary><c>user</c>, <c>user:group</c> or numeric ids; empty runs as the container's own user.</summary>
    public string? User { get; init; }

    /// <summary>Working directory inside the container; empty keeps the container's.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Extra <c>KEY=value</c> variables.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>Extended privileges for the process (<c>docker exec --privileged</c>); administrators only.</summary>
    public bool Privileged { get; init; }
}
