using Microsoft.Extensions.Logging;

namespace Portal.Engine.Logging;

internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "Connected to Docker engine at {Endpoint} (version {ServerVersion}, API {ApiVersion})")]
    public static partial void EngineConnected(ILogger logger, string endpoint, string serverVersion, string apiVersion);

    [LoggerMessage(101, LogLevel.Warning, "Docker engine at {Endpoint} unavailable: {Reason}")]
    public static partial void EngineUnavailable(ILogger logger, string endpoint, string reason);

    [LoggerMessage(110, LogLevel.Information, "Catalog resynced: {Live} live containers, {Changed} records changed")]
    public static partial void CatalogResynced(ILogger logger, int live, int changed);

    [LoggerMessage(111, LogLevel.Warning, "Events stream ended: {Reason}")]
    public static partial void EventsStreamEnded(ILogger logger, string reason);

    [LoggerMessage(112, LogLevel.Error, "Catalog update failed for {ContainerId}")]
    public static partial void CatalogUpdateFailed(ILogger logger, Exception exception, ShortId containerId);

    [LoggerMessage(120, LogLevel.Error, "Audit write failed for {Action} on {Target}")]
    public static partial void AuditWriteFailed(ILogger logger, Exception exception, string action, string target);

    [LoggerMessage(123, LogLevel.Error, "Applying the audit retention failed")]
    public static partial void AuditRetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(121, LogLevel.Warning, "Engine call {Action} on {Target} failed: {Message}")]
    public static partial void EngineCallFailed(ILogger logger, Exception exception, string action, string target, string message);

    [LoggerMessage(122, LogLevel.Warning, "Removing container {ContainerId} that failed to start")]
    public static partial void RemovingFailedContainer(ILogger logger, ShortId containerId);

    [LoggerMessage(124, LogLevel.Warning, "Container {ContainerId} failed to start and could not be removed")]
    public static partial void FailedContainerLeft(ILogger logger, Exception exception, ShortId containerId);

    [LoggerMessage(130, LogLevel.Warning, "Reading the engine's disk usage failed")]
    public static partial void DiskUsageFailed(ILogger logger, Exception exception);

    [LoggerMessage(131, LogLevel.Warning, "Removing helper container {ContainerId} failed")]
    public static partial void HelperRemovalFailed(ILogger logger, Exception exception, ShortId containerId);
}
