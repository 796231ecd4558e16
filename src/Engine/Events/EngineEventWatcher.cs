using System.Threading.Channels;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data.Stores;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Images.Catalog;
using Portal.Engine.Logging;

namespace Portal.Engine.Events;

/// <summary>
/// Keeps the catalog in step with the engine: connects (and reconnects), subscribes to the
/// events stream, resyncs fully, then applies container and image events in batches.
/// </summary>
public sealed class EngineEventWatcher(
    EngineConnection connection,
    EngineContext engine,
    EndpointStore endpoints,
    CatalogStore catalog,
    CatalogNotifier notifier,
    ImageCatalogSync images,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<EngineEventWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan s_batchWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>Number of completed full resyncs; tests wait on it.</summary>
    public int ResyncCount => Volatile.Read(ref _resyncCount);

    private int _resyncCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var id = await endpoints.EnsureAsync(options.Value.Name, options.Value.Endpoint, stoppingToken).ConfigureAwait(false);
        engine.SetEndpoint(id);
        var delay = options.Value.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var status = await connection.ConnectAsync(stoppingToken).ConfigureAwait(false);
            if (status.IsConnected)
            {
                delay = options.Value.ReconnectDelay;
                var reason = await WatchAsync(stoppingToken).ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                Log.EventsStreamEnded(logger, reason);
                connection.SetUnavailable(reason);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxReconnectDelay.Ticks));
        }
    }

    /// <summary>Subscribes, resyncs, then applies events until the stream breaks; returns why it ended.</summary>
    private async Task<string> WatchAsync(CancellationToken stoppingToken)
    {
        var client = connection.Client;
        var events = Channel.CreateBounded<Message>(new BoundedChannelOptions(10_000)
        {
            SingleReader = true,
            // Dropping is safe: a full resync follows any overflow because ids are re-listed.
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // Subscribe first, snapshot second: a container made during the snapshot is still seen.
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["container"] = true, ["image"] = true } },
        };
        var stream = client.System.MonitorEventsAsync(parameters, new ChannelProgress<Message>(events.Writer), watchCts.Token)
            .ContinueWith(t => events.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);
        try
        {
            await ResyncAsync(stoppingToken).ConfigureAwait(false);
            await ApplyEventsAsync(events.Reader, stoppingToken).ConfigureAwait(false);
            return $"The engine at {connection.Endpoint} closed the events stream.";
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return "stopping";
        }
        catch (Exception ex)
        {
            return EngineConnection.Describe(ex, connection.Endpoint);
        }
        finally
        {
            await watchCts.CancelAsync().ConfigureAwait(false);
            await stream.ConfigureAwait(false);
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        // The listing's time, not the write's: a removal recorded after it must win.
        var listedAt = time.GetUtcNow().UtcDateTime;
        var live = await ContainerSnapshots.ListAsync(connection.Client, null, time, cancellationToken).ConfigureAwait(false);
        var changed = await catalog.SyncContainersAsync(engine.EndpointId, live, listedAt, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _resyncCount);
        Log.CatalogResynced(logger, live.Count, changed);
        notifier.NotifyContainersChanged();
        await images.ResyncAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyEventsAsync(ChannelReader<Message> reader, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Gather a short window of events so a burst costs one engine list, not one per event.
            await Task.Delay(s_batchWindow, time, cancellationToken).ConfigureAwait(false);
            ids.Clear();
            var imagesChanged = false;
            while (reader.TryRead(out var message))
            {
                if (message.Type == "image")
                {
                    // push and save read an image without changing what the engine holds.
                    imagesChanged |= message.Action is not ("push" or "save");
                }
                else if (message.Actor?.ID is { Length: > 0 } id && !message.Action.StartsWith("exec_", StringComparison.Ordinal))
                {
                    ids.Add(id);
                }
            }

            if (imagesChanged)
            {
                await images.ResyncAsync(cancellationToken).ConfigureAwait(false);
            }

            if (ids.Count == 0)
            {
                continue;
            }

            var listedAt = time.GetUtcNow().UtcDateTime;
            var snapshots = await ContainerSnapshots.ListAsync(connection.Client, ids, time, cancellationToken).ConfigureAwait(false);
            // Whatever the engine no longer lists is gone.
            var gone = ids.Except(snapshots.Select(s => s.ContainerId)).ToList();
            await catalog.UpsertContainersAsync(engine.EndpointId, snapshots, gone, listedAt, cancellationToken).ConfigureAwait(false);
            notifier.NotifyContainersChanged();
        }

        await reader.Completion.ConfigureAwait(false);
    }
}
