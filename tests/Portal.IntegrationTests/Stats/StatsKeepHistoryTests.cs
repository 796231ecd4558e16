using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Stats;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Stats;

/// <summary>
/// <c>Portal:Stats:KeepHistory</c>: with it the sampler runs with nobody looking and the history
/// fills; without it (the default) nothing samples until someone watches.
/// </summary>
public sealed class StatsKeepHistoryTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly DaemonFixture _daemon = new();
    private readonly PortalApiFactory _keeping = new() { KeepStatsHistory = true };
    private readonly PortalApiFactory _default = new();

    public async ValueTask InitializeAsync() => await _daemon.InitializeAsync();

    [Fact]
    public async Task KeepHistory_NoViewer_SamplerRunsAndHistoryFills_DefaultHostStaysIdle()
    {
        var ct = TestContext.Current.CancellationToken;
        var keeping = await _keeping.ClientForAsync("admin", PortalApiFactory.AdminPassword, ct);
        var idle = await _default.ClientForAsync("admin", PortalApiFactory.AdminPassword, ct);
        var name = "stats-keep-" + TestNames.Token();
        var run = await keeping.PostAsJsonAsync("/api/v1/containers", new { image = _daemon.Image, name, command = new[] { "sleep", "300" }, labels = _daemon.SessionLabels }, ct);
        Assert.True(run.StatusCode == HttpStatusCode.Created, await run.Content.ReadAsStringAsync(ct));

        await Poll.UntilAsync(async t => (await HistoryAsync(keeping, name, t)).GetArrayLength() >= 3, "three kept samples with no viewer", ct);
        var idleHistory = await HistoryAsync(idle, name, ct);

        Assert.Equal(1, _keeping.Services.GetRequiredService<StatsSampler>().Subscribers);
        Assert.Equal(0, _default.Services.GetRequiredService<StatsSampler>().Subscribers);
        Assert.Equal(0, idleHistory.GetArrayLength());
    }

    private static async Task<JsonElement> HistoryAsync(HttpClient client, string name, CancellationToken ct)
    {
        var response = await client.GetAsync($"/api/v1/containers/{name}/stats/history", ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonSerializer.Deserialize<JsonElement>(text, s_json);
    }

    public async ValueTask DisposeAsync()
    {
        await _keeping.DisposeAsync();
        await _default.DisposeAsync();
        await _daemon.DisposeAsync();
    }
}
