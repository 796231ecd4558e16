using System.Threading.Channels;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data.Stores;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Logging;

namespace Portal.Engine.Events;

/// <summary>
/// Keeps the catalog in step with the engine: connects (and reconnects), subscribes to the
/// events stream, resyncs fully, then applies container, image, network and volume events in batches.
/// </summary>
public sealed class EngineEventWatcher(
    EngineConnection connection,
    EngineContext engine,
    EndpointStore endpoints,
    CatalogSync catalog,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<EngineEventWatcher> logger) : BackgroundService
{
    /// <summary>Number of completed full resyncs; tests wait on it.</summary>
    public int ResyncCount => catalog.ResyncCount;

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
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["container"] = true, ["image"] = true, ["network"] = true, ["volume"] = true } },
        };
        var stream = client.System.MonitorEventsAsync(parameters, new ChannelProgress<Message>(events.Writer), watchCts.Token)
            .ContinueWith(t => events.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);
        try
        {
            await catalog.ResyncAsync(stoppingToken).ConfigureAwait(false);
            await catalog.ApplyEventsAsync(events.Reader, stoppingToken).ConfigureAwait(false);
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
}
