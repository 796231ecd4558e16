using Docker.DotNet.Models;
using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.IntegrationTests.Images;

/// <summary>Pull through Portal from the loopback test registry.</summary>
public sealed class ImagePullTests(EngineFixture fixture) : ImageTestBase(fixture)
{
    private IImageTransfers Transfers => Fixture.Host.Transfers;

    [Fact]
    public async Task Pull_PushedImage_StreamsLayersToDoneAndImageIsBack()
    {
        var repo = $"{TestRegistry.Address}/portal-test-img/{TestNames.Token()}";
        var id = await Fixture.Daemon.CreateAsync(repo, "v1", Token, new Dictionary<string, string> { [Portal.Engine.Labels.PortalLabels.Team] = Actors.TeamA },
            run: ["sh", "-c", "head -c 300000 /dev/urandom > /payload"]);
        await Fixture.Daemon.Client.Images.PushImageAsync(repo, new ImagePushParameters { Tag = "v1" }, new AuthConfig(), new SyncProgress<JSONMessage>(_ => { }), Token);
        await Fixture.Daemon.Client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, Token);

        var started = await Transfers.PullAsync(Actors.OperatorA, $"{repo}:v1", Token);
        var seen = new List<ImageJobSnapshot>();
        await foreach (var snapshot in Transfers.WatchAsync(Actors.OperatorA, started.Id, Token))
        {
            seen.Add(snapshot);
        }

        var last = seen[^1];
        Assert.True(last.State == ImageJobState.Succeeded, last.Error);
        Assert.NotEmpty(last.Layers);
        Assert.All(last.Layers, l => Assert.True(l.Done, $"{l.Id}: {l.Status}"));
        Assert.Contains(last.Layers, l => l.Status == "Pull complete");
        Assert.Equal(id, (await Fixture.Images.GetAsync(Actors.OperatorA, $"{repo}:v1", Token)).Summary.Id);
        Assert.Equal(last, Transfers.GetJob(Actors.OperatorA, started.Id));
        Assert.Contains(await Fixture.AuditAsync($"{repo}:v1", Token), a => a.Action == "image.pull" && a.Outcome == "succeeded");
    }

    [Fact]
    public async Task Pull_ImageAlsoTaggedOtherwise_IsNamedByThePulledReference()
    {
        var token = TestNames.Token();
        var repo = $"{TestRegistry.Address}/portal-test-img/{token}";
        var id = await Fixture.Daemon.CreateAsync(repo, "v1", Token, new Dictionary<string, string> { [Portal.Engine.Labels.PortalLabels.Team] = Actors.TeamA });
        await Fixture.Daemon.Client.Images.PushImageAsync(repo, new ImagePushParameters { Tag = "v1" }, new AuthConfig(), new SyncProgress<JSONMessage>(_ => { }), Token);
        // Only another name stays on the engine, one that sorts before the registry's address.
        var other = $"0portal-test-img/{token}";
        await Fixture.Daemon.Client.Images.TagImageAsync(id, new ImageTagParameters { RepositoryName = other, Tag = "a1" }, Token);
        await Fixture.Daemon.Client.Images.DeleteImageAsync($"{repo}:v1", new ImageDeleteParameters(), Token);
        await WaitForCatalogAsync(id, i => i.Tags.SequenceEqual([$"{other}:a1"]));

        var last = await PullToEndAsync(Actors.OperatorA, $"{repo}:v1");

        Assert.True(last.State == ImageJobState.Succeeded, last.Error);
        var listed = Assert.Single(await Fixture.Images.ListAsync(Actors.OperatorA, new ImageListRequest { Text = token }, Token));
        Assert.Equal([$"{repo}:v1", $"{other}:a1"], listed.Tags);
        Assert.Equal($"{repo}:v1", (await Fixture.Images.GetAsync(Actors.OperatorA, $"{other}:a1", Token)).Summary.DisplayName);
    }

    [Fact]
    public async Task Pull_MissingFromRegistry_FailsSayingSo()
    {
        var reference = $"{TestRegistry.Address}/portal-test-img/missing-{TestNames.Token()}:v1";

        var last = await PullToEndAsync(Actors.OperatorA, reference);

        Assert.Equal(ImageJobState.Failed, last.State);
        Assert.Equal($"The registry has no image '{reference}'.", last.Error);
    }

    [Fact]
    public async Task Pull_UnreachableRegistry_FailsSayingSo()
    {
        var reference = $"127.0.0.1:{FreePorts.Next()}/portal-test-img/nowhere:v1";

        var last = await PullToEndAsync(Actors.OperatorA, reference);

        Assert.Equal(ImageJobState.Failed, last.State);
        Assert.StartsWith($"The registry for '{reference}' is unreachable", last.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_Cancelled_EndsCancelledAndAudited()
    {
        // A "registry" that accepts connections and never answers keeps the pull waiting until cancelled.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var held = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
        _ = Task.Run(async () =>
        {
            while (!Token.IsCancellationRequested)
            {
                held.Add(await silent.AcceptTcpClientAsync(Token));
            }
        }, Token);
        var reference = $"127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/portal-test-img/silent:v1";

        var started = await Transfers.PullAsync(Actors.OperatorA, reference, Token);
        await Poll.UntilAsync(_ => Task.FromResult(!held.IsEmpty), "the engine to connect to the silent registry", Token);
        Transfers.Cancel(Actors.OperatorA, started.Id);
        ImageJobSnapshot last = started;
        await foreach (var snapshot in Transfers.WatchAsync(Actors.OperatorA, started.Id, Token))
        {
            last = snapshot;
        }

        Assert.Equal(ImageJobState.Cancelled, last.State);
        await EventuallyAsync(async ct => Assert.Contains(await Fixture.AuditAsync(reference, ct), a => a.Action == "image.pull" && a.Detail == "Cancelled by the caller."));
        silent.Stop();
        foreach (var client in held)
        {
            client.Dispose();
        }
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("app@sha256:short")]
    [InlineData("")]
    public async Task Pull_InvalidReference_RefusedBeforeAnyJob(string reference)
    {
        await FailsAsync(OperationOutcome.Invalid, () => Transfers.PullAsync(Actors.OperatorA, reference, Token));
    }

    [Fact]
    public async Task Pull_Viewer_Forbidden_AndJobsArePrivate()
    {
        await FailsAsync(OperationOutcome.Forbidden, () => Transfers.PullAsync(Actors.ViewerA, $"{TestRegistry.Address}/x/y:v1", Token));
        var last = await PullToEndAsync(Actors.OperatorA, $"{TestRegistry.Address}/portal-test-img/missing-{TestNames.Token()}:v1");

        await FailsAsync(OperationOutcome.NotFound, () => Task.FromResult(Transfers.GetJob(Actors.OperatorB, last.Id)));
        Assert.DoesNotContain(Transfers.ListJobs(Actors.OperatorB), j => j.Id == last.Id);
        Assert.Contains(Transfers.ListJobs(Actors.Admin), j => j.Id == last.Id);
    }

    private async Task<ImageJobSnapshot> PullToEndAsync(Actor actor, string reference)
    {
        var started = await Transfers.PullAsync(actor, reference, Token);
        ImageJobSnapshot last = started;
        await foreach (var snapshot in Transfers.WatchAsync(actor, started.Id, Token))
        {
            last = snapshot;
        }

        return last;
    }
}
