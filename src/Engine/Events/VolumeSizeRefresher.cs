using System.Collections.Concurrent;
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
/// read the stored sizes and never wait for a measurement. Each measurement's totals also go to
/// <see cref="DiskUsageHistory"/>, the Host page's disk chart, so a chart never asks the engine itself.
/// The environment measured is the one the asking work is about; with nobody asking, the local one.
/// </summary>
public sealed class VolumeSizeRefresher(
    Engines engines,
    EngineDiskUsage diskUsage,
    DiskUsageHistory history,
    CatalogVolumeStore store,
    CatalogNotifier notifier,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<VolumeSizeRefresher> logger) : BackgroundService
{
    // One pending request is enough: many asks before the next run are served by that one run.
    private readonly SemaphoreSlim _requested = new(0, 1);
    private readonly ConcurrentDictionary<EnvironmentEngine, byte> _pending = new();
    private int _runs;

    /// <summary>Number of completed measurements; tests wait on it.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Asks for a measurement of the current environment soon (after the throttle); never blocks.</summary>
    public void Request()
    {
        _pending.TryAdd(engines.Current, 0);
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
                if (!await _requested.WaitAsync(options.Value.VolumeSizeMaxAge, stoppingToken).ConfigureAwait(false))
                {
                    // Nobody asked for a while: the local engine's sizes are kept fresh anyway.
                    _pending.TryAdd(engines.Local, 0);
                }

                foreach (var engine in _pending.Keys)
                {
                    _pending.TryRemove(engine, out _);
                    if (engine.Status.IsConnected)
                    {
                        await MeasureAsync(engine, stoppingToken).ConfigureAwait(false);
                    }
                }

                await Task.Delay(options.Value.VolumeSizeMinInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task MeasureAsync(EnvironmentEngine engine, CancellationToken ct)
    {
        try
        {
            using var scope = Engines.Use(engine);
            var df = await diskUsage.ReadAsync(ct).ConfigureAwait(false);
            history.Record(engine, DiskUsagePoint.From(time.GetUtcNow().UtcDateTime, df));
            var sizes = df.Volumes.Where(v => v.Size >= 0).GroupBy(v => v.Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Size, StringComparer.Ordinal);
            var changed = await store.SetSizesAsync(engine.Id, sizes, time.GetUtcNow().UtcDateTime, ct).ConfigureAwait(false);
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
