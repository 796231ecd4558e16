namespace Portal.Engine.Exec;

/// <summary>The shells a terminal offers and how a typed command becomes an argv.</summary>
public static class ExecCommands
{
    /// <summary>The shell used when no command is named; every busybox and Debian image has it.</summary>
    public const string DefaultShell = "/bin/sh";

    /// <summary>Shells offered by the terminal besides a custom command.</summary>
    public static IReadOnlyList<string> Shells { get; } = ["/bin/sh", "/bin/bash"];

    /// <summary>A command line run through <c>sh -c</c>, so pipes, redirects and quoting work as typed.</summary>
    public static IReadOnlyList<string> FromCommandLine(string commandLine) => ["sh", "-c", commandLine];

    /// <summary>The argv to run: the request's, or the default shell.</summary>
    public static IReadOnlyList<string> Effective(ExecRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Command is { Count: > 0 } command ? command : [DefaultShell];
    }

    /// <summary>The command as one line for the audit log and messages (bounded).</summary>
    public static string Describe(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        var text = string.Join(' ', argv.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));
        return text.Length > 500 ? text[..500] + "…" : text;
    }
}
