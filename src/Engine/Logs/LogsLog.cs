using Microsoft.Extensions.Logging;
using Portal.Engine.Logging;

namespace Portal.Engine.Logs;

internal static partial class LogsLog
{
    [LoggerMessage(600, LogLevel.Debug, "Log follow-stream of {ContainerId} started")]
    public static partial void StreamStarted(ILogger logger, ShortId containerId);

    [LoggerMessage(601, LogLevel.Warning, "Log follow-stream of {ContainerId} failed; retrying")]
    public static partial void StreamFailed(ILogger logger, Exception exception, ShortId containerId);

    [LoggerMessage(602, LogLevel.Debug, "Log follow-stream of {ContainerId} stopped: {Reason}")]
    public static partial void StreamStopped(ILogger logger, ShortId containerId, string reason);
}
