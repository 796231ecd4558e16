using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data.Stores;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;

namespace Portal.Engine.Events;

/// <summary>
/// Measures volume sizes in the background and writes them to the catalog. <c>system df</c> walks
/// every volume's files, so it runs here only: at most once per <see cref="EngineOptions.VolumeSizeMinInterval"/>
/// however many requests ask, and at least once per <see cref="EngineOptions.VolumeSizeMaxAge"/>. Lists
/// read the stored sizes and never wait for a measurement.
/// </summary>
public sealed class VolumeSizeRefresher(
    Engines engines,
    EngineDiskUsage diskUsage,
    CatalogVolumeStore store,
    CatalogNotifier notifier,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<VolumeSizeRefresher> logger) : BackgroundService
{
    // One pending request is enough: many asks before the next run are served by that one run.
    private readonly SemaphoreSlim _requested = new(0, 1);
    private int _runs;

    /// <summary>Number of completed measurements; tests wait on it.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Asks for a measurement soon (after the throttle); never blocks.</summary>
    public void Request()
    {
        try
        {
            _requested.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already requested.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await engines.Local.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _ = await _requested.WaitAsync(options.Value.VolumeSizeMaxAge, stoppingToken).ConfigureAwait(false);
                if (engines.Local.Status.IsConnected)
                {
                    await MeasureAsync(stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(options.Value.VolumeSizeMinInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task MeasureAsync(CancellationToken ct)
    {
        try
        {
            var df = await diskUsage.ReadAsync(ct).ConfigureAwait(false);
            var sizes = df.Volumes.Where(v => v.Size >= 0).GroupBy(v => v.Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Size, StringComparer.Ordinal);
            var changed = await store.SetSizesAsync(engines.Local.Id, sizes, time.GetUtcNow().UtcDateTime, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _runs);
            CatalogSyncLog.SizesRefreshed(logger, sizes.Count, changed);
            if (changed > 0)
            {
                notifier.NotifyVolumesChanged();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Sizes are a nicety: the list is still right without them.
            CatalogSyncLog.SizesFailed(logger, ex);
        }
    }
}
