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
/// Keeps the catalog in step with each environment's engine: connects (and reconnects),
/// subscribes to the events stream, resyncs fully, then applies container, image, network and volume events in
/// batches. One supervising loop per environment in <see cref="Engines"/>, each inside its
/// environment's scope, so everything it calls reads and writes that environment's rows; an
/// environment added while Portal runs gets its loop at once, and a removed one's loop ends on its
/// <see cref="EnvironmentEngine.Retired"/> token.
/// </summary>
public sealed class EngineEventWatcher(
    Engines engines,
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
        // The local environment's row is made at first start (and re-pointed when the endpoint changed).
        var id = await endpoints.EnsureAsync(engines.Local.Name, engines.Local.Endpoint, stoppingToken).ConfigureAwait(false);
        engines.Local.SetId(id);
        var added = Channel.CreateUnbounded<EnvironmentEngine>();
        void OnAdded(EnvironmentEngine engine) => added.Writer.TryWrite(engine);
        engines.Added += OnAdded;
        var supervised = new HashSet<EnvironmentEngine>();
        var loops = new List<Task>();
        try
        {
            // Subscribed before the first listing: an engine added in between is in both, and started once.
            foreach (var engine in engines.All)
            {
                if (supervised.Add(engine))
                {
                    loops.Add(SuperviseAsync(engine, stoppingToken));
                }
            }

            await foreach (var engine in added.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (supervised.Add(engine))
                {
                    loops.Add(SuperviseAsync(engine, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the loops end on the same token.
        }
        finally
        {
            engines.Added -= OnAdded;
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
    }

    /// <summary>Connects, watches and reconnects one environment's engine until Portal stops or the environment is removed.</summary>
    private async Task SuperviseAsync(EnvironmentEngine engine, CancellationToken portalStopping)
    {
        await Task.Yield();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(portalStopping, engine.Retired);
        try
        {
            await SuperviseUntilAsync(engine, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Portal stops or the environment was removed.
        }
        finally
        {
            engine.MarkStopped();
        }
    }

    private async Task SuperviseUntilAsync(EnvironmentEngine engine, CancellationToken stoppingToken)
    {
        using var scope = Engines.Use(engine);
        var connection = engine.Connection;
        var delay = options.Value.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var status = await connection.ConnectAsync(stoppingToken).ConfigureAwait(false);
            if (status.IsConnected)
            {
                delay = options.Value.ReconnectDelay;
                var reason = await WatchAsync(engine, stoppingToken).ConfigureAwait(false);
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
    private async Task<string> WatchAsync(EnvironmentEngine engine, CancellationToken stoppingToken)
    {
        var client = engine.Client;
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
            return $"The engine at {engine.Endpoint} closed the events stream.";
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return "stopping";
        }
        catch (Exception ex)
        {
            return EngineConnection.Describe(ex, engine.Endpoint);
        }
        finally
        {
            await watchCts.CancelAsync().ConfigureAwait(false);
            await stream.ConfigureAwait(false);
        }
    }
}
