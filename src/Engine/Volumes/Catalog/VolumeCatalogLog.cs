using Microsoft.Extensions.Logging;

namespace Portal.Engine.Volumes.Catalog;

internal static partial class VolumeCatalogLog
{
    [LoggerMessage(172, LogLevel.Debug, "Volume catalog resynced: {Live} volumes, {Changed} records changed")]
    public static partial void Resynced(ILogger logger, int live, int changed);

    [LoggerMessage(173, LogLevel.Warning, "Refreshing the volume catalog after a change failed; the events watcher will catch up")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(174, LogLevel.Debug, "Volume sizes refreshed: {Measured} measured, {Changed} changed")]
    public static partial void SizesRefreshed(ILogger logger, int measured, int changed);

    [LoggerMessage(175, LogLevel.Warning, "Reading volume sizes failed; the list keeps the sizes it had")]
    public static partial void SizesFailed(ILogger logger, Exception exception);
}
