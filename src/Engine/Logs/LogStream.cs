namespace Portal.Engine.Logs;

/// <summary>Which output of the container a log line came from.</summary>
public enum LogStream
{
    /// <summary>Standard output (also everything a TTY container prints).</summary>
    Stdout,

    /// <summary>Standard error (non-TTY containers only).</summary>
    Stderr,
}
