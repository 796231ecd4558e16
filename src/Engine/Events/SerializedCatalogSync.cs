using Microsoft.Extensions.Logging;

namespace Portal.Engine.Events;

/// <summary>
/// One part of the catalog that is written only by listing the engine again, one writer at a time,
/// so the events watcher and an operation's immediate refresh never race.
/// </summary>
public abstract class SerializedCatalogSync(ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The derived sync's logger.</summary>
    protected ILogger Logger => logger;

    /// <summary>Lists the engine's objects and makes the catalog match; returns how many rows changed.</summary>
    public async Task<int> ResyncAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ResyncLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After an operation changed these objects: resync now so the list shows it at once. A failure is logged, not thrown; the events watcher catches up.</summary>
    public async Task RefreshAfterChangeAsync()
    {
        try
        {
            await ResyncAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            CatalogSyncLog.RefreshFailed(logger, GetType().Name, ex);
        }
    }

    /// <summary>The listing and write, with the gate held.</summary>
    protected abstract Task<int> ResyncLockedAsync(CancellationToken cancellationToken);
}
