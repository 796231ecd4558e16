namespace Portal.Engine.Exec;

/// <summary>Bounds of exec; defaults suit a shared host. Who may exec what is the admission policy's (<c>AdmissionPolicy.CheckExecAsync</c>).</summary>
public sealed class ExecOptions
{
    /// <summary>Most bytes kept of each of stdout and stderr of a non-interactive run (1 MiB); the rest is read and dropped.</summary>
    public int MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a non-interactive run may take when the caller names no timeout.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest timeout a caller may ask for.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest single input write accepted from a terminal client (bytes of UTF-8).</summary>
    public int MaxInputBytes { get; set; } = 16 * 1024;
}
