using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Data.Stores;
using Portal.Engine;
using Portal.Engine.Configuration;
using Portal.Engine.Containers;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Images;

namespace Portal.TestSupport;

/// <summary>
/// Portal's Engine and Data services as the web host wires them (<c>AddPortalData</c> +
/// <c>AddPortalEngine</c>), over a temp SQLite file and the real daemon, with the hosted services
/// started in registration order: migrations first, then the events watcher.
/// </summary>
public sealed class PortalEngineHost : IAsyncDisposable
{
    /// <summary>The watcher must connect and finish its first full resync within this.</summary>
    public static readonly TimeSpan ResyncTimeout = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    private PortalEngineHost(ServiceProvider services, string databasePath, RecordingLoggerProvider logs)
    {
        _services = services;
        DatabasePath = databasePath;
        Logs = logs;
    }

    public IServiceProvider Services => _services;

    public string DatabasePath { get; }

    /// <summary>Warnings and errors Engine and Data logged.</summary>
    public RecordingLoggerProvider Logs { get; }

    public IContainerOperations Containers => _services.GetRequiredService<IContainerOperations>();

    public IImageOperations Images => _services.GetRequiredService<IImageOperations>();

    public IImageTransfers Transfers => _services.GetRequiredService<IImageTransfers>();

    public CatalogStore Catalog => _services.GetRequiredService<CatalogStore>();

    public AuditStore Audit => _services.GetRequiredService<AuditStore>();

    public TeamStore Teams => _services.GetRequiredService<TeamStore>();

    public EngineEventWatcher Watcher => _services.GetRequiredService<EngineEventWatcher>();

    /// <summary>Catalog id of the engine (the local environment), known once the watcher started.</summary>
    public int EndpointId => _services.GetRequiredService<Engines>().Local.Id;

    /// <summary>Builds the services, starts the hosted services and waits for the first catalog resync.</summary>
    /// <param name="endpoint">Docker endpoint the Engine connects to.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <param name="configure">Further engine options (the endpoint and a unique name are set first).</param>
    /// <param name="configureServices">Registrations made before Portal's, for example a fake <see cref="TimeProvider"/>.</param>
    public static async Task<PortalEngineHost> StartAsync(Uri endpoint, CancellationToken cancellationToken, Action<EngineOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var logs = new RecordingLoggerProvider();
        var path = SqliteTestDatabase.NewPath();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        configureServices?.Invoke(services);
        services.AddPortalData(path).AddPortalEngine(o =>
        {
            o.Endpoint = endpoint.ToString();
            o.Name = $"test-{TestNames.Token()}";
            o.ReconnectDelay = TimeSpan.FromMilliseconds(200);
            o.MaxReconnectDelay = TimeSpan.FromSeconds(1);
            o.HelperImage = TestImage.Name;
            configure?.Invoke(o);
        });
        // The web host protects registry secrets with Data Protection; an Engine-only host needs its own.
        services.AddSingleton<Portal.Engine.Registries.ISecretProtector, TestSecretProtector>();
        var host = new PortalEngineHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), path, logs);
        try
        {
            foreach (var hosted in host._services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(cancellationToken);
                host._started.Add(hosted);
            }

            await host.WaitForResyncAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the events watcher has completed a full resync.</summary>
    public async Task WaitForResyncAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Poll.UntilAsync(_ => Task.FromResult(Watcher.ResyncCount > 0), "the events watcher's first resync", cancellationToken, ResyncTimeout);
        }
        catch (TimeoutException ex)
        {
            var status = _services.GetRequiredService<Engines>().Local.Status;
            throw new TimeoutException($"{ex.Message} Engine status: {status.State} ({status.Reason}).", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(stopping.Token);
        }

        await _services.DisposeAsync();
        SqliteTestDatabase.DeleteFiles(DatabasePath);
    }
}
