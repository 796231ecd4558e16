namespace Portal.Engine.Exec;

/// <summary>How an interactive session ended.</summary>
/// <param name="ExitCode">The process's exit code, when the engine knew it.</param>
/// <param name="Message">A sentence for the person at the terminal, for example "Process exited with code 0."</param>
/// <param name="ContainerStopped">True when the container is no longer running.</param>
public sealed record ExecSessionEnd(long? ExitCode, string Message, bool ContainerStopped);
