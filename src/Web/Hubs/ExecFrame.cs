namespace Portal.Web.Hubs;

/// <summary>One item of a session's output stream: text, or the final frame saying how it ended.</summary>
/// <param name="Data">Terminal output (UTF-8 decoded), or null on the final frame.</param>
/// <param name="Ended">True on the last frame only.</param>
/// <param name="ExitCode">The process's exit code on the final frame, when known.</param>
/// <param name="Message">On the final frame: a sentence for the person, for example "Process exited with code 0."</param>
public sealed record ExecFrame(string? Data, bool Ended = false, long? ExitCode = null, string? Message = null);
