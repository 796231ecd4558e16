using Microsoft.Extensions.Logging;

namespace Portal.Engine.Events;

internal static partial class CatalogSyncLog
{
    [LoggerMessage(170, LogLevel.Debug, "{Kind} catalog resynced: {Live} listed, {Changed} records changed")]
    public static partial void Resynced(ILogger logger, string kind, int live, int changed);

    [LoggerMessage(171, LogLevel.Warning, "Refreshing the catalog after a change failed ({Sync}); the events watcher will catch up")]
    public static partial void RefreshFailed(ILogger logger, string sync, Exception exception);

    [LoggerMessage(174, LogLevel.Debug, "Volume sizes refreshed: {Measured} measured, {Changed} changed")]
    public static partial void SizesRefreshed(ILogger logger, int measured, int changed);

    [LoggerMessage(175, LogLevel.Warning, "Reading volume sizes failed; the list keeps the sizes it had")]
    public static partial void SizesFailed(ILogger logger, Exception exception);
}
