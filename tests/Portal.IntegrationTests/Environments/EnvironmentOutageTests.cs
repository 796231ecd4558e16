using System.Diagnostics;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Environments;

/// <summary>
/// A TLS environment whose engine dies: Portal's supervisor marks it unavailable with a reason, calls to it fail at
/// once instead of waiting on timeouts, and it reconnects by itself when the engine is back. Portal's local engine
/// here is the SSH fixture's daemon (on its unix socket), so nothing on the host's shared daemon is involved.
/// </summary>
[Collection(RemoteEnginesCollection.Name)]
public sealed class EnvironmentOutageTests(RemoteEnginesFixture fx)
{
    [Fact]
    public async Task TlsEngineKilled_UnavailableFailsFast_ThenReconnectsByItself()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await PortalEngineHost.StartAsync(fx.Ssh.Endpoint, ct);
        var engines = host.Services.GetRequiredService<Engines>();
        var name = "tls-" + TestNames.Token();
        var id = await host.Services.GetRequiredService<EndpointStore>().EnsureAsync(name, fx.TlsEndpoint, ct);
        var engine = engines.Add(new EngineEnvironment(id, name), host.Services.GetRequiredService<EngineConnectionFactory>().Create(fx.TlsDefinition(name)));
        await Poll.UntilAsync(_ => Task.FromResult(engine.Status.IsConnected), "the TLS environment to connect", ct, TimeSpan.FromSeconds(30));

        try
        {
            await fx.Tls.StopAsync();
            var stopped = Stopwatch.StartNew();
            await Poll.UntilAsync(_ => Task.FromResult(engine.Status.State == EngineState.Unavailable), "the dead engine to be marked unavailable", ct, TimeSpan.FromSeconds(10));
            var noticed = stopped.Elapsed;

            Assert.False(string.IsNullOrEmpty(engine.Status.Reason));
            var call = Stopwatch.StartNew();
            var refused = Assert.Throws<OperationFailedException>(() => engine.Client);
            call.Stop();
            Assert.Equal(OperationOutcome.EngineUnavailable, refused.Outcome);
            Assert.StartsWith($"Environment '{name}' is unreachable since ", refused.Message, StringComparison.Ordinal);
            Assert.True(call.Elapsed < TimeSpan.FromMilliseconds(100), $"the refusal took {call.Elapsed.TotalMilliseconds:0} ms");
            TestContext.Current.TestOutputHelper?.WriteLine($"marked unavailable {noticed.TotalMilliseconds:0} ms after the engine stopped; Client refused in {call.Elapsed.TotalMilliseconds:0.000} ms: {engine.Status.Reason}");
            Assert.True(noticed < TimeSpan.FromSeconds(5), $"noticed after {noticed.TotalMilliseconds:0} ms");
            // The supervisor keeps trying with short waits: each attempt against the dead port is refused at once.
            Assert.Contains(fx.TlsEndpoint, engine.Status.Reason, StringComparison.Ordinal);
        }
        finally
        {
            await fx.Tls.StartAsync(ct);
        }

        var restarted = Stopwatch.StartNew();
        await Poll.UntilAsync(_ => Task.FromResult(engine.Status.IsConnected), "the TLS environment to reconnect by itself", ct, TimeSpan.FromSeconds(30));
        TestContext.Current.TestOutputHelper?.WriteLine($"reconnected {restarted.Elapsed.TotalMilliseconds:0} ms after the engine answered again");
        _ = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, ct);
    }
}
