using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Engine.Stats;
using Portal.IntegrationTests.Api;
using Xunit;

namespace Portal.IntegrationTests.Stats;

/// <summary>Stats over REST and the hub, as each team sees them, against the real engine.</summary>
public sealed class StatsApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Stats_OwnContainerVersusOtherTeam_SampleOrNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunAsync(fx.AsOperatorA, ["sleep", "300"], ct);

        var own = await fx.AsOperatorA.GetAsync($"/api/v1/containers/{name}/stats", ct);
        var other = await fx.AsOperatorB.GetAsync($"/api/v1/containers/{name}/stats", ct);
        var otherHistory = await fx.AsOperatorB.GetAsync($"/api/v1/containers/{name}/stats/history", ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var sample = await own.Content.ReadFromJsonAsync<ContainerStats>(s_json, ct);
        Assert.Equal(name, sample!.Name);
        Assert.True(sample.Sample.MemoryUsed > 0);
        Assert.True(sample.Sample.MemoryLimit >= sample.Sample.MemoryUsed);
        Assert.Equal(1UL, sample.Sample.Pids);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherHistory.StatusCode);
        Assert.DoesNotContain(fx.TeamA, await other.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);

        Assert.Contains(await ListAsync(fx.AsOperatorA, ct), s => s.Name == name);
        Assert.Contains(await ListAsync(fx.Admin, ct), s => s.Name == name);
        Assert.DoesNotContain(await ListAsync(fx.AsOperatorB, ct), s => s.Name == name);
    }

    [Fact]
    public async Task Stats_StoppedContainer_Conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunAsync(fx.AsOperatorA, ["sleep", "300"], ct);
        Assert.Equal(HttpStatusCode.NoContent, (await fx.AsOperatorA.PostAsync($"/api/v1/containers/{name}/kill", null, ct)).StatusCode);

        var response = await fx.AsOperatorA.GetAsync($"/api/v1/containers/{name}/stats", ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("not running", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_AdminAndOperator_HostFiguresAndTeamScopedCounts()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunAsync(fx.AsOperatorB, ["sleep", "300"], ct);

        var admin = await fx.Admin.GetFromJsonAsync<HostOverview>("/api/v1/system/overview", s_json, ct);
        var operatorA = await fx.AsOperatorA.GetFromJsonAsync<HostOverview>("/api/v1/system/overview", s_json, ct);
        var info = await fx.Daemon.Client.System.GetSystemInfoAsync(ct);

        Assert.NotNull(admin);
        Assert.Equal(fx.Daemon.EngineVersion, admin.EngineVersion);
        Assert.Equal(info.DockerRootDir, admin.DataRoot);
        Assert.Equal(Environment.ProcessorCount, admin.Cpus);
        Assert.False(admin.CountsScopedToTeams);
        Assert.True(admin.Running >= 1, $"{name} runs, yet the admin sees {admin.Running} running");
        Assert.True(admin.MemoryTotal > 0 && admin.MemoryAvailable <= admin.MemoryTotal);
        // statvfs on the data root against the managed view of the same filesystem, taken a moment apart.
        var drive = new DriveInfo(info.DockerRootDir);
        Assert.Equal((ulong)drive.TotalSize, admin.DiskTotal);
        Assert.InRange((double)admin.DiskFree!.Value, drive.AvailableFreeSpace * 0.98, drive.AvailableFreeSpace * 1.02);

        Assert.NotNull(operatorA);
        Assert.True(operatorA.CountsScopedToTeams);
        var ownTeam = await fx.AsOperatorA.GetFromJsonAsync<JsonElement>("/api/v1/containers?all=true", ct);
        Assert.Equal(ownTeam.GetArrayLength(), operatorA.Running + operatorA.Stopped + operatorA.Paused);
    }

    [Fact]
    public async Task Hub_ContainerStream_ReceivesSamplesAndHidesOtherTeams()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunAsync(fx.AsOperatorA, ["sleep", "300"], ct);
        await using var hubA = await ConnectAsync(fx.AsOperatorA, ct);
        await using var hubB = await ConnectAsync(fx.AsOperatorB, ct);

        var received = new List<ContainerStats>();
        using (var window = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            window.CancelAfter(TimeSpan.FromSeconds(20));
            await foreach (var s in hubA.StreamAsync<ContainerStats>("Container", name, window.Token))
            {
                received.Add(s);
                if (received.Count == 2)
                {
                    break;
                }
            }
        }

        var refused = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in hubB.StreamAsync<ContainerStats>("Container", name, ct))
            {
            }
        });
        var allB = await FirstBatchAsync(hubB, ct);
        var allA = await FirstBatchAsync(hubA, ct);

        Assert.Equal(2, received.Count);
        Assert.All(received, s => Assert.Equal(name, s.Name));
        Assert.True(received[1].Sample.Time > received[0].Sample.Time);
        Assert.Contains("No container named", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(allB, s => s.Name == name);
        Assert.Contains(allA, s => s.Name == name);
    }

    private static async Task<IReadOnlyList<ContainerStats>> FirstBatchAsync(HubConnection hub, CancellationToken ct)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(TimeSpan.FromSeconds(20));
        await foreach (var batch in hub.StreamAsync<List<ContainerStats>>("All", window.Token))
        {
            return batch;
        }

        throw new InvalidOperationException("The All stream ended without a batch.");
    }

    private Task<HubConnection> ConnectAsync(HttpClient client, CancellationToken ct) =>
        TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/stats", TestHubClient.TokenOf(client), ct);

    private async Task<string> RunAsync(HttpClient client, string[] command, CancellationToken ct)
    {
        var name = "stats-" + Guid.NewGuid().ToString("N")[..8];
        var run = await client.PostAsJsonAsync("/api/v1/containers", new { image = fx.Daemon.Image, name, command, labels = fx.Labels }, ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        return name;
    }

    private static async Task<List<ContainerStats>> ListAsync(HttpClient client, CancellationToken ct) =>
        (await client.GetFromJsonAsync<List<ContainerStats>>("/api/v1/stats", s_json, ct))!;
}
