using Microsoft.Extensions.Logging;

namespace Portal.Engine.Stats;

/// <summary>Log messages of the stats sampler (event ids 600–609).</summary>
internal static partial class StatsLog
{
    [LoggerMessage(600, LogLevel.Information, "Stats sampler started: {Mode} (cgroup {Version})")]
    public static partial void Started(ILogger logger, string mode, CgroupVersion version);

    [LoggerMessage(601, LogLevel.Warning, "A stats pass failed: {Message}")]
    public static partial void PassFailed(ILogger logger, Exception exception, string message);

    [LoggerMessage(602, LogLevel.Debug, "Stats pass skipped: {Reason}")]
    public static partial void PassSkipped(ILogger logger, string reason);
}
