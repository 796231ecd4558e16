using System.Text.RegularExpressions;
using Portal.Engine.Docker;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Environments;

/// <summary>An engine behind sshd, reached with <c>docker system dial-stdio</c>: only with the pinned host key, and never run on an unconfirmed host.</summary>
[Collection(RemoteEnginesCollection.Name)]
public sealed partial class SshEnvironmentTests(RemoteEnginesFixture fx)
{
    [Fact]
    public async Task SshEnvironment_ConnectsNegotiatesListsRunsAndExecs()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = RemoteEngineChecks.Factory();
        var logins = await LoginsAsync(ct);
        using var connection = factory.Create(fx.SshDefinition("ssh"));
        Assert.Equal(fx.SshUri, connection.Endpoint);

        var status = await connection.ConnectAsync(ct);

        Assert.True(status.IsConnected, status.Reason);
        // The login count the other tests compare is real: a connection shows up in it.
        Assert.True(await LoginsAsync(ct) > logins);
        var version = await fx.Ssh.Client.System.GetVersionAsync(ct);
        Assert.Equal(version.Version, status.ServerVersion);
        await RemoteEngineChecks.RunContainerAndExecAsync(connection.Client, fx.Ssh.Image, ct);
        await RemoteEngineChecks.ReadInfoRawAsync(connection, fx.Tls.Endpoint.ToString(), ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"remote engines fixture started in {fx.StartTime.TotalSeconds:0.0} s");
        var probe = await factory.ProbeAsync(fx.SshDefinition("ssh"), ct);
        Assert.True(probe.Reachable, probe.Error);
        Assert.Equal(fx.SshHostKeyFingerprint, probe.SshHostKeyFingerprint);
        Assert.Equal(status.ApiVersion, probe.ApiVersion);
    }

    [Fact]
    public async Task ManyOpenStreams_AndACallOnTop_AllServed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var connection = RemoteEngineChecks.Factory().Create(fx.SshDefinition("ssh-many"));
        Assert.True((await connection.ConnectAsync(ct)).IsConnected);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var started = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();

        // Portal holds many streams to one engine at once (events, logs, stats, terminals), each a dial-stdio channel.
        var streams = Enumerable.Range(0, 14).Select(_ => Task.Run(async () =>
        {
            try
            {
                await connection.Client.System.MonitorEventsAsync(new(), new Progress(() => Interlocked.Increment(ref started)), watching.Token);
            }
            catch (OperationCanceledException) when (watching.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        }, ct)).ToList();
        try
        {
            // Each monitor holds its channel open; a plain call on top still gets through.
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            Assert.Empty(failures);
            _ = await connection.Client.Containers.ListContainersAsync(new() { All = true }, ct);
        }
        finally
        {
            await watching.CancelAsync();
            await Task.WhenAll(streams);
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task RemoteDaemonDown_DialStdioFailureSaysWhy_ThenConnectsAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        using var connection = RemoteEngineChecks.Factory().Create(fx.SshDefinition("ssh-down"));
        Assert.True((await connection.ConnectAsync(ct)).IsConnected);

        EngineStatus status;
        try
        {
            await fx.Ssh.StopAsync();
            status = await connection.ConnectAsync(ct);
        }
        finally
        {
            await fx.Ssh.StartAsync(ct);
        }

        // The SSH session is fine; the docker CLI on the host cannot reach its daemon and exits with 1.
        Assert.Equal(EngineState.Unavailable, status.State);
        Assert.StartsWith($"SSH: `docker system dial-stdio` failed on {fx.SshAddress} (exit 1)", status.Reason, StringComparison.Ordinal);
        Assert.True((await connection.ConnectAsync(ct)).IsConnected);
    }

    [Fact]
    public async Task ChangedHostKey_RefusedNamingBothFingerprints()
    {
        var ct = TestContext.Current.CancellationToken;
        var logins = await LoginsAsync(ct);
        using var connection = RemoteEngineChecks.Factory().Create(fx.SshDefinition("ssh-changed") with { SshHostKeyFingerprint = fx.OtherHostKeyFingerprint });

        var status = await connection.ConnectAsync(ct);

        Assert.Equal(EngineState.Unavailable, status.State);
        Assert.Equal(TransportReasons.HostKeyChanged(fx.SshAddress.ToString(), fx.OtherHostKeyFingerprint, fx.SshHostKeyFingerprint), status.Reason);
        Assert.Equal(logins, await LoginsAsync(ct));
    }

    [Fact]
    public async Task UnpinnedHost_ProbeShowsTheKey_ConnectionRefusesAndNothingRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        var logins = await LoginsAsync(ct);
        var unpinned = fx.SshDefinition("ssh-unpinned") with { SshHostKeyFingerprint = null };

        var probe = await RemoteEngineChecks.Factory().ProbeAsync(unpinned, ct);
        using var connection = RemoteEngineChecks.Factory().Create(unpinned);
        var status = await connection.ConnectAsync(ct);

        Assert.False(probe.Reachable);
        Assert.Equal(fx.SshHostKeyFingerprint, probe.SshHostKeyFingerprint);
        Assert.Equal(TransportReasons.HostKeyNotConfirmed(fx.SshAddress.ToString(), fx.SshHostKeyFingerprint), probe.Error);
        Assert.Equal(EngineState.Unavailable, status.State);
        Assert.Equal(TransportReasons.HostKeyNotConfirmed(fx.SshAddress.ToString(), null), status.Reason);
        // sshd logs every accepted login: neither the probe nor the connection authenticated.
        Assert.Equal(logins, await LoginsAsync(ct));
    }

    [Fact]
    public async Task WrongUser_AuthenticationRefusedNamingTheUser()
    {
        var ct = TestContext.Current.CancellationToken;
        using var connection = RemoteEngineChecks.Factory().Create(fx.SshDefinition("ssh-user") with { Uri = $"ssh://nobody@{fx.SshAddress}" });

        var status = await connection.ConnectAsync(ct);

        Assert.Equal(TransportReasons.SshAuthenticationRefused("nobody", fx.SshAddress.ToString()), status.Reason);
    }

    private async Task<int> LoginsAsync(CancellationToken ct) =>
        File.Exists(fx.SshdLogPath) ? AcceptedLogin().Count(await File.ReadAllTextAsync(fx.SshdLogPath, ct)) : 0;

    private sealed class Progress(Action onMessage) : IProgress<Docker.DotNet.Models.Message>
    {
        public void Report(Docker.DotNet.Models.Message value) => onMessage();
    }

    [GeneratedRegex("Accepted publickey for")]
    private static partial Regex AcceptedLogin();
}
