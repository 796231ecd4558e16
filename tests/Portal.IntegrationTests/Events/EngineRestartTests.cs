using System.Diagnostics;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Stores;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Events;

/// <summary>
/// A real engine is stopped and started while Portal watches it (a daemon of this run, in its own
/// network namespace): with the default reconnect options the connection, the catalog and the
/// network and volume lists are back within 2 s of the engine answering again.
/// </summary>
[Collection(NetnsEngineCollection.Name)]
public sealed class EngineRestartTests(NetnsEngineFixture engine)
{
    private static readonly TimeSpan s_aim = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Engine_StoppedThenStarted_CatalogResumesWithinTwoSeconds()
    {
        var ct = TestContext.Current.CancellationToken;
        var defaults = new EngineOptions();
        await using var host = await PortalEngineHost.StartAsync(engine.Endpoint, ct, o =>
        {
            // Production's backoff, not the test host's faster one: that is what is measured.
            o.ReconnectDelay = defaults.ReconnectDelay;
            o.MaxReconnectDelay = defaults.MaxReconnectDelay;
        });
        var connection = host.Services.GetRequiredService<Engines>().Local.Connection;

        await engine.StopAsync();
        await Poll.UntilAsync(_ => Task.FromResult(connection.Status.State == EngineState.Unavailable), "the engine to be reported gone", ct);
        // Long enough for the backoff to reach its ceiling.
        await Task.Delay(TimeSpan.FromSeconds(4), ct);
        var resyncs = host.Watcher.ResyncCount;
        await engine.StartAsync(ct);
        var answered = Stopwatch.StartNew();
        var name = "restart-" + TestNames.Token();
        var labels = new Dictionary<string, string> { [TestLabels.Session] = name };
        var created = await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = engine.Image, Name = name, Cmd = ["true"], Labels = labels }, ct);
        await engine.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = name, Labels = labels }, ct);
        await engine.Client.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = labels }, ct);

        var networks = host.Services.GetRequiredService<CatalogNetworkStore>();
        var volumes = host.Services.GetRequiredService<CatalogVolumeStore>();
        await Poll.UntilAsync(async t => connection.Status.IsConnected && host.Watcher.ResyncCount > resyncs
            && await host.Catalog.FindContainerAsync(host.EndpointId, name, includeRemoved: false, t) is not null
            && (await networks.ListAsync(host.EndpointId, t)).Any(n => n.Name == name)
            && await volumes.FindAsync(host.EndpointId, name, t) is not null,
            "Portal to reconnect, resync and list what was made after the restart", ct, TimeSpan.FromSeconds(30));
        var elapsed = answered.Elapsed;

        Assert.True(elapsed <= s_aim, $"Catalog resumed {elapsed.TotalMilliseconds:0} ms after the engine answered (aim {s_aim.TotalMilliseconds:0} ms).");
        await engine.Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, ct);
        await engine.Client.Networks.DeleteNetworkAsync(name, ct);
        await engine.Client.Volumes.RemoveAsync(name, false, ct);
    }
}
