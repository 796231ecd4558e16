using Portal.Engine.Docker;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Environments;

/// <summary>An engine on TCP with <c>--tlsverify</c>: reached with the right material, refused with a reason otherwise.</summary>
[Collection(RemoteEnginesCollection.Name)]
public sealed class TlsEnvironmentTests(RemoteEnginesFixture fx)
{
    [Fact]
    public async Task TlsEnvironment_ConnectsNegotiatesListsRunsAndExecs()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = RemoteEngineChecks.Factory();
        using var connection = factory.Create(fx.TlsDefinition("tls"));
        Assert.Equal(fx.TlsEndpoint, connection.Endpoint);

        var status = await connection.ConnectAsync(ct);

        Assert.True(status.IsConnected, status.Reason);
        var version = await fx.Tls.Client.System.GetVersionAsync(ct);
        Assert.Equal(version.Version, status.ServerVersion);
        Assert.Equal(Min(version.APIVersion, EngineConnection.ClientMaxApiVersion), status.ApiVersion);
        await RemoteEngineChecks.RunContainerAndExecAsync(connection.Client, fx.Tls.Image, ct);
        await RemoteEngineChecks.ReadInfoRawAsync(connection, fx.Ssh.Endpoint.ToString(), ct);

        var probe = await factory.ProbeAsync(fx.TlsDefinition("tls"), ct);
        Assert.True(probe.Reachable, probe.Error);
        Assert.Equal(status.ApiVersion, probe.ApiVersion);
        Assert.Equal($"CN={fx.TlsAddress}", probe.TlsServerSubject);
        Assert.Null(probe.SshHostKeyFingerprint);
        Assert.Null(probe.Error);
    }

    [Fact]
    public async Task WrongCa_RefusedNamingTheCa()
    {
        var ct = TestContext.Current.CancellationToken;
        var definition = fx.TlsDefinition("tls-wrong-ca") with { TlsCaPem = fx.WrongCaPem };
        using var connection = RemoteEngineChecks.Factory().Create(definition);

        var status = await connection.ConnectAsync(ct);

        Assert.Equal(EngineState.Unavailable, status.State);
        Assert.Equal(TransportReasons.CaUntrusted(fx.TlsEndpoint), status.Reason);
        var probe = await RemoteEngineChecks.Factory().ProbeAsync(definition, ct);
        Assert.False(probe.Reachable);
        Assert.Equal(status.Reason, probe.Error);
    }

    [Fact]
    public async Task ClientCertificateFromAnotherCa_RefusedByTheEngine()
    {
        var ct = TestContext.Current.CancellationToken;
        using var connection = RemoteEngineChecks.Factory().Create(fx.TlsDefinition("tls-wrong-client") with
        {
            TlsClientCertPem = fx.WrongClientCertPem,
            TlsClientKeyPem = fx.WrongClientKeyPem,
        });

        var status = await connection.ConnectAsync(ct);

        Assert.Equal(EngineState.Unavailable, status.State);
        Assert.Equal(TransportReasons.ClientCertificateRefused(fx.TlsEndpoint), status.Reason);
    }

    [Fact]
    public async Task NothingListening_RefusedQuickly()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = $"tcp://{fx.TlsAddress}:2377";
        using var connection = RemoteEngineChecks.Factory().Create(fx.TlsDefinition("tls-closed-port") with { Uri = endpoint });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var status = await connection.ConnectAsync(ct);

        Assert.Equal(TransportReasons.Refused(endpoint), status.Reason);
        Assert.True(watch.Elapsed < TransportReasons.ConnectTimeout, $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task SilentAddress_UnreachableAfterTheConnectTimeout_NotMinutes()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = $"tcp://{fx.TlsAddress}:{fx.SilentPort}";
        using var connection = RemoteEngineChecks.Factory().Create(fx.TlsDefinition("tls-silent") with { Uri = endpoint });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var status = await connection.ConnectAsync(ct);

        Assert.Equal(TransportReasons.Unreachable(endpoint), status.Reason);
        Assert.InRange(watch.Elapsed, TransportReasons.ConnectTimeout - TimeSpan.FromMilliseconds(100), TransportReasons.ConnectTimeout + TimeSpan.FromSeconds(2));
    }

    private static string Min(string daemonApi, Version client) =>
        (Version.Parse(daemonApi) < client ? Version.Parse(daemonApi) : client).ToString();
}
