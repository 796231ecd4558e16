namespace Portal.Web.Hubs;

/// <summary>What a terminal client asks <c>StartSession</c> for.</summary>
public sealed record ExecStartRequest
{
    /// <summary>The environment the container is on; absent: the local one.</summary>
    public string? Environment { get; init; }

    /// <summary>Container id or name.</summary>
    public required string Container { get; init; }

    /// <summary>The argv; empty starts <c>/bin/sh</c>.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public bool Privileged { get; init; }

    /// <summary>Initial size in character cells (80×24 when absent).</summary>
    public int Cols { get; init; }

    public int Rows { get; init; }
}
