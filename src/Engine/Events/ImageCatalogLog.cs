using Microsoft.Extensions.Logging;

namespace Portal.Engine.Events;

internal static partial class ImageCatalogLog
{
    [LoggerMessage(160, LogLevel.Debug, "Image catalog resynced: {Live} images, {Changed} records changed")]
    public static partial void Resynced(ILogger logger, int live, int changed);

    [LoggerMessage(161, LogLevel.Warning, "Refreshing the image catalog after a change failed; the events watcher will catch up")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
