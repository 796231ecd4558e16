namespace Portal.Engine.Logs;

/// <summary>Limits of the log fan-out.</summary>
public sealed class LogOptions
{
    /// <summary>Recent lines kept per watched container to serve newcomers at once.</summary>
    public int RingBufferLines { get; set; } = 1_000;

    /// <summary>Lines queued per viewer; a slower viewer loses the oldest and is told how many.</summary>
    public int ViewerQueueLines { get; set; } = 10_000;

    /// <summary>
    /// Least time between two chunks sent to a container's viewers. A line after a quiet spell goes
    /// out at once; lines that follow within this time leave together when it is up, so a chatty
    /// container costs each viewer four messages a second rather than one per line (each message
    /// is most of a viewer's cost: 100 ms cost about twice the CPU per viewer of 250 ms in the fan-out
    /// bench). Zero sends every engine read at once.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Lines that leave at once without waiting for <see cref="FlushInterval"/>, so a burst never waits in front of a full queue.</summary>
    public int FlushLines { get; set; } = 1_000;

    /// <summary>How often a watched container that stopped is checked for a restart.</summary>
    public TimeSpan RestartPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a merged view holds each line so lines of several containers leave in engine-timestamp
    /// order across batches (a line reaching Portal later than this after a newer one is shown late).
    /// </summary>
    public TimeSpan MergeWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest line kept whole; longer output is cut into lines of this many bytes.</summary>
    public int MaxLineBytes { get; set; } = 64 * 1024;
}
