using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Images.Jobs;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>The jobs hub with the .NET SignalR client: a pull's progress streams to its owner, nobody else learns it exists.</summary>
public sealed class JobsHubTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Watch_PullOverHub_StreamsToSucceededAndStaysReadable()
    {
        var ct = TestContext.Current.CancellationToken;
        var reference = await PushedAwayImageAsync(ct);
        var start = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference }, ct);
        var job = (await start.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct))!;
        await using var hub = await ConnectAsync(fx.AsOperatorA, ct);

        var seen = new List<ImageJobSnapshot>();
        await foreach (var snapshot in hub.StreamAsync<ImageJobSnapshot>("Watch", job.Id, ct))
        {
            seen.Add(snapshot);
        }

        Assert.NotEmpty(seen);
        Assert.Equal(ImageJobState.Succeeded, seen[^1].State);
        Assert.NotEmpty(seen[^1].Layers);
        Assert.All(seen[^1].Layers, l => Assert.True(l.Done, $"layer {l.Id} ended as '{l.Status}'"));
        Assert.True(seen.Select(s => s.Version).SequenceEqual(seen.Select(s => s.Version).Order()), "snapshots arrive in order");
        var later = await hub.InvokeAsync<ImageJobSnapshot>("Get", job.Id, ct);
        Assert.Equal((ImageJobState.Succeeded, seen[^1].Version), (later.State, later.Version));
        Assert.Contains(await hub.InvokeAsync<IReadOnlyList<ImageJobSnapshot>>("List", ct), j => j.Id == job.Id);
    }

    [Fact]
    public async Task Watch_AnotherTeamsJob_NotFoundAndNotListed_AdminSeesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var reference = await PushedAwayImageAsync(ct);
        var start = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference }, ct);
        var job = (await start.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct))!;
        await using var other = await ConnectAsync(fx.AsOperatorB, ct);
        await using var admin = await ConnectAsync(fx.Admin, ct);

        var watch = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var unused in other.StreamAsync<ImageJobSnapshot>("Watch", job.Id, ct))
            {
                Assert.Fail("another team's job must not stream");
            }
        });
        var get = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<ImageJobSnapshot>("Get", job.Id, ct));

        Assert.Contains($"No job named '{job.Id}' was found.", watch.Message, StringComparison.Ordinal);
        Assert.Contains($"No job named '{job.Id}' was found.", get.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await other.InvokeAsync<IReadOnlyList<ImageJobSnapshot>>("List", ct), j => j.Id == job.Id);
        Assert.Equal(job.Id, (await admin.InvokeAsync<ImageJobSnapshot>("Get", job.Id, ct)).Id);
        // Let the pull land before the fixture's cleanup runs, or its image arrives after and stays behind.
        await Poll.UntilAsync(async c => await admin.InvokeAsync<ImageJobSnapshot>("Get", job.Id, c) is { Finished: true } s ? s : null, "the pull to end", ct, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Job_TeamGrantOnItsEnvironmentRevoked_GoneForStarterAndTeam_BackWhenGranted_AdminAlwaysSees()
    {
        var ct = TestContext.Current.CancellationToken;
        var reference = await PushedAwayImageAsync(ct);
        var start = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference }, ct);
        var job = (await start.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct))!;
        await using var starter = await ConnectAsync(fx.AsOperatorA, ct);
        await using var member = await ConnectAsync(fx.AsViewerA, ct);
        await using var admin = await ConnectAsync(fx.Admin, ct);
        Assert.Equal(job.Id, (await member.InvokeAsync<ImageJobSnapshot>("Get", job.Id, ct)).Id);

        var grants = fx.Factory.Services.GetRequiredService<EnvironmentGrantStore>();
        var local = fx.Factory.Services.GetRequiredService<Engines>().Local.Id;
        Assert.True(await grants.RemoveAsync(fx.TeamA, local, ct));
        try
        {
            foreach (var hub in new[] { starter, member })
            {
                var watch = await Assert.ThrowsAsync<HubException>(async () =>
                {
                    await foreach (var unused in hub.StreamAsync<ImageJobSnapshot>("Watch", job.Id, ct))
                    {
                        Assert.Fail("a job on an environment the caller's team lost must not stream");
                    }
                });
                var get = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ImageJobSnapshot>("Get", job.Id, ct));
                var cancel = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Cancel", job.Id, ct));
                Assert.All(new[] { watch, get, cancel }, ex => Assert.Contains($"No job named '{job.Id}' was found.", ex.Message, StringComparison.Ordinal));
                Assert.DoesNotContain(await hub.InvokeAsync<IReadOnlyList<ImageJobSnapshot>>("List", ct), j => j.Id == job.Id);
            }

            Assert.Equal(job.Id, (await admin.InvokeAsync<ImageJobSnapshot>("Get", job.Id, ct)).Id);
        }
        finally
        {
            await grants.SetAsync(fx.TeamA, local, TeamRole.Operator, CancellationToken.None);
        }

        Assert.Contains(await member.InvokeAsync<IReadOnlyList<ImageJobSnapshot>>("List", ct), j => j.Id == job.Id);
        await Poll.UntilAsync(async c => await starter.InvokeAsync<ImageJobSnapshot>("Get", job.Id, c) is { Finished: true } s ? s : null, "the pull to end", ct, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Connect_WithoutToken_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = fx.Factory.Server;
        await using var anonymous = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/jobs"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
            }).Build();

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync(ct));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    /// <summary>An untagged-by-team session image pushed to the loopback registry and removed locally; returns its reference.</summary>
    private async Task<string> PushedAwayImageAsync(CancellationToken ct)
    {
        var repo = $"{TestRegistry.Address}/portal-test-img/{TestNames.Token()}";
        var id = await fx.Daemon.CreateAsync(repo, "v1", ct, run: ["sh", "-c", "echo hub > /payload"]);
        await fx.Daemon.Client.Images.PushImageAsync(repo, new ImagePushParameters { Tag = "v1" }, new AuthConfig(), new SyncProgress<JSONMessage>(_ => { }), ct);
        await fx.Daemon.Client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, ct);
        return $"{repo}:v1";
    }

    private Task<HubConnection> ConnectAsync(HttpClient client, CancellationToken ct) =>
        TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/jobs", TestHubClient.TokenOf(client), ct);
}
