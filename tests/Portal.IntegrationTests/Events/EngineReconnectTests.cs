using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Containers;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Events;

/// <summary>
/// The engine goes away and comes back: Portal says why, refuses actions with a clear message,
/// reconnects by itself and resyncs the catalog. A relay socket stands in for the daemon so the
/// shared daemon is never stopped.
/// </summary>
public sealed class EngineReconnectTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>
{
    [Fact]
    public async Task Engine_GoesAwayAndReturns_ReportsThenReconnectsAndResyncs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = new UnixSocketProxy();
        proxy.Start();
        await using var host = await PortalEngineHost.StartAsync(proxy.Endpoint, ct);
        var connection = host.Services.GetRequiredService<Engines>().Local.Connection;
        var actors = await TestActors.CreateAsync(host.Teams, ct);
        var resyncsBefore = host.Watcher.ResyncCount;

        await proxy.StopAsync();
        await Poll.UntilAsync(_ => Task.FromResult(connection.Status.State == EngineState.Unavailable), "the engine to be reported unavailable", ct);
        Assert.Contains(proxy.Path, connection.Status.Reason, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<OperationFailedException>(() =>
            host.Containers.RunAsync(actors.OperatorA, new RunContainerRequest { Image = daemon.Image, Labels = daemon.SessionLabels }, ct));
        Assert.Equal(OperationOutcome.EngineUnavailable, refused.Outcome);
        Assert.StartsWith($"Environment '{host.Services.GetRequiredService<Engines>().Local.Name}' is unreachable since ", refused.Message, StringComparison.Ordinal);

        // Made while Portal could not see the engine: only a resync can bring it into the catalog.
        var name = "reconnect-" + TestNames.Token();
        var id = await daemon.CreateContainerDirectlyAsync(name, ["sleep", "60"], start: false, ct);
        proxy.Start();

        await Poll.UntilAsync(_ => Task.FromResult(connection.Status.IsConnected && host.Watcher.ResyncCount > resyncsBefore),
            "the engine to reconnect and the catalog to resync", ct, TimeSpan.FromSeconds(30));
        var row = await host.Catalog.FindContainerAsync(host.EndpointId, name, includeRemoved: false, ct);
        Assert.NotNull(row);
        Assert.Equal(id, row.ContainerId);
    }
}
