using System.Threading.Channels;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Logging;

namespace Portal.Engine.Events;

/// <summary>
/// The catalog side of <see cref="EngineEventWatcher"/>: a full resync, and container, image, network and volume events applied in batches,
/// for the current environment (the watcher runs each environment's loop inside its scope).
/// </summary>
public sealed class CatalogSync(
    Engines engines,
    CatalogStore catalog,
    CatalogNotifier notifier,
    ObjectCatalogs objects,
    EngineActivity activity,
    TimeProvider time,
    ILogger<CatalogSync> logger)
{
    private static readonly TimeSpan s_batchWindow = TimeSpan.FromMilliseconds(100);

    private int _resyncCount;

    /// <summary>Number of completed full resyncs.</summary>
    public int ResyncCount => Volatile.Read(ref _resyncCount);

    /// <summary>Lists every container again and writes the catalog to match, then the images, networks and volumes.</summary>
    internal async Task ResyncAsync(CancellationToken cancellationToken)
    {
        // The listing's time, not the write's: a removal recorded after it must win.
        var engine = engines.Current;
        var listedAt = time.GetUtcNow().UtcDateTime;
        var live = await ContainerSnapshots.ListAsync(engine.Client, null, time, cancellationToken).ConfigureAwait(false);
        var changed = await catalog.SyncContainersAsync(engine.Id, live, listedAt, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _resyncCount);
        Diagnostics.EngineMetrics.RecordResync();
        Log.CatalogResynced(logger, live.Count, changed);
        notifier.NotifyContainersChanged();
        await objects.ResyncAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies container, image, network and volume events from <paramref name="reader"/> in short batches until it completes.</summary>
    internal async Task ApplyEventsAsync(ChannelReader<Message> reader, CancellationToken cancellationToken)
    {
        var engine = engines.Current;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Gather a short window of events so a burst costs one engine list, not one per event.
            await Task.Delay(s_batchWindow, time, cancellationToken).ConfigureAwait(false);
            ids.Clear();
            var changed = ObjectKinds.None;
            long oldest = long.MaxValue;
            Message? newest = null;
            while (reader.TryRead(out var message))
            {
                oldest = Math.Min(oldest, message.TimeNano ?? long.MaxValue);
                changed |= ObjectCatalogs.Classify(message, ids);
                newest = message;
            }

            if (newest is not null)
            {
                activity.Record(engine.Id, newest, time.GetUtcNow().UtcDateTime);
            }

            await objects.ApplyAsync(changed, cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0)
            {
                RecordLag(oldest);
                continue;
            }

            var listedAt = time.GetUtcNow().UtcDateTime;
            var snapshots = await ContainerSnapshots.ListAsync(engine.Client, ids, time, cancellationToken).ConfigureAwait(false);
            // Whatever the engine no longer lists is gone.
            var gone = ids.Except(snapshots.Select(s => s.ContainerId)).ToList();
            await catalog.UpsertContainersAsync(engine.Id, snapshots, gone, listedAt, cancellationToken).ConfigureAwait(false);
            notifier.NotifyContainersChanged();
            RecordLag(oldest);
        }

        await reader.Completion.ConfigureAwait(false);
    }

    /// <summary>The engine stamps each event in nanoseconds since the epoch; the lag runs from the oldest of the batch to now.</summary>
    private void RecordLag(long oldestNanos)
    {
        if (oldestNanos is > 0 and < long.MaxValue)
        {
            Diagnostics.EngineMetrics.RecordCatalogLag(time.GetUtcNow() - DateTimeOffset.UnixEpoch.AddTicks(oldestNanos / 100));
        }
    }
}
