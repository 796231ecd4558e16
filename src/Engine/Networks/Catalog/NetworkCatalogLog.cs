using Microsoft.Extensions.Logging;

namespace Portal.Engine.Networks.Catalog;

internal static partial class NetworkCatalogLog
{
    [LoggerMessage(170, LogLevel.Debug, "Network catalog resynced: {Live} networks, {Changed} records changed")]
    public static partial void Resynced(ILogger logger, int live, int changed);

    [LoggerMessage(171, LogLevel.Warning, "Refreshing the network catalog after a change failed; the events watcher will catch up")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
