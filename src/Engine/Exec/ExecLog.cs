using Microsoft.Extensions.Logging;

namespace Portal.Engine.Exec;

/// <summary>Log messages of exec (kept beside it so other areas' message ids never clash).</summary>
internal static partial class ExecLog
{
    [LoggerMessage(600, LogLevel.Warning, "Writing the end of an exec session in {Container} failed")]
    public static partial void EndFailed(ILogger logger, Exception exception, string container);
}
