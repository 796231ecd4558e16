namespace Portal.Engine.Exec;

/// <summary>The outcome of a non-interactive exec.</summary>
/// <param name="ExitCode">The process's exit code; -1 when it was still running at the timeout.</param>
/// <param name="Stdout">Standard output as UTF-8 text, at most <see cref="ExecOptions.MaxOutputBytes"/> bytes of it.</param>
/// <param name="Stderr">Standard error, bounded the same way.</param>
/// <param name="Truncated">True when either stream was cut at the bound (the text then ends with a note).</param>
/// <param name="TimedOut">True when the process outlived the timeout and Portal stopped reading.</param>
public sealed record ExecResult(long ExitCode, string Stdout, string Stderr, bool Truncated, bool TimedOut);
