using System.Text.Json;
using Portal.Engine.Exec;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary>
/// Body of <c>POST /api/v1/containers/{idOrName}/exec</c>. <c>command</c> is an argv array, or a
/// string run through <c>sh -c</c> (so pipes and redirects work as typed).
/// </summary>
public sealed record ExecApiRequest
{
    public JsonElement Command { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    /// <summary><c>KEY=value</c> entries.</summary>
    public IReadOnlyList<string>? Env { get; init; }

    /// <summary>Administrators only (rule <c>no-privileged-exec</c>).</summary>
    public bool Privileged { get; init; }

    /// <summary>Seconds to wait for the command (default 60, at most 600).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>The Engine request, or an invalid-request failure saying what is wrong.</summary>
    public ExecRequest ToRequest() => new()
    {
        Command = Command.ValueKind switch
        {
            JsonValueKind.String when Command.GetString() is { Length: > 0 } line && !string.IsNullOrWhiteSpace(line) => ExecCommands.FromCommandLine(line),
            JsonValueKind.Array when Command.GetArrayLength() > 0 && Command.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                [.. Command.EnumerateArray().Select(e => e.GetString()!)],
            _ => throw OperationFailedException.Invalid("'command' must be a non-empty string or array of strings."),
        },
        User = User,
        WorkingDir = WorkingDir,
        Env = Env ?? [],
        Privileged = Privileged,
    };
}
