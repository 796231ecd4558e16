using Portal.Data.Entities;
using Portal.Data.Stores;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Containers;
using Portal.Engine.Networks;
using Portal.Engine.Volumes;
using Portal.IntegrationTests;
using Portal.TestSupport;
using Xunit;

[assembly: AssemblyFixture(typeof(EngineFixture))]

namespace Portal.IntegrationTests;

/// <summary>
/// One real daemon and one Portal Engine (real SQLite file, events watcher running) shared by
/// every test in the assembly. Tests only touch objects they create, named with GUIDs and
/// labelled with the session, so they run in parallel and in any order.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private PortalEngineHost? _host;
    private TestActors? _actors;

    public DaemonFixture Daemon { get; } = new();

    public PortalEngineHost Host => _host ?? throw new InvalidOperationException("Not initialised.");

    public TestActors Actors => _actors ?? throw new InvalidOperationException("Not initialised.");

    public IContainerOperations Containers => Host.Containers;

    public Portal.Engine.Images.IImageOperations Images => Host.Images;

    public INetworkOperations Networks => Host.Services.GetRequiredService<INetworkOperations>();

    public IVolumeOperations Volumes => Host.Services.GetRequiredService<IVolumeOperations>();

    public async ValueTask InitializeAsync()
    {
        await Daemon.InitializeAsync();
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(Daemon.Lifetime);
        startup.CancelAfter(DaemonFixture.StartupTimeout);
        _host = await PortalEngineHost.StartAsync(Daemon.Endpoint, startup.Token);
        _actors = await TestActors.CreateAsync(_host.Teams, startup.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
        finally
        {
            await Daemon.DisposeAsync();
        }
    }

    /// <summary>A run request for the test image, carrying the session label.</summary>
    public RunContainerRequest Request(string name, params string[] command) => new()
    {
        Image = Daemon.Image,
        Name = name,
        Command = command,
        Labels = Daemon.SessionLabels,
    };

    /// <summary>A container that idles and exits at once on SIGTERM (a bare sleep as PID 1 would ignore it).</summary>
    public RunContainerRequest Sleeper(string name) => Request(name, "sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait");

    /// <summary>busybox httpd in the foreground on container port 8080, published on 127.0.0.1:<paramref name="hostPort"/>.</summary>
    public RunContainerRequest Httpd(string name, int hostPort) =>
        Request(name, "httpd", "-f", "-p", "8080") with { Ports = [$"127.0.0.1:{hostPort}:8080"] };

    /// <summary>Audit entries whose target is exactly <paramref name="target"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string target, CancellationToken cancellationToken)
    {
        var page = await Host.Audit.QueryAsync(new AuditQuery { Text = target, Take = 1000 }, cancellationToken);
        return page.Items.Where(a => a.Target == target).Reverse().ToList();
    }

    /// <summary>The catalog's live record named <paramref name="name"/>, or null.</summary>
    public Task<CatalogContainer?> CatalogAsync(string name, CancellationToken cancellationToken, bool includeRemoved = false) =>
        Host.Catalog.FindContainerAsync(Host.EndpointId, name, includeRemoved, cancellationToken);
}
