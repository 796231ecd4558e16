using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Policy;

/// <summary>Quotas at and over each limit, on run, start and volume create; each test has a team of its own.</summary>
public sealed class QuotaApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Containers_AtLimitAdmitted_OverLimitRefusedWithUseAndLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        var (team, op) = await TeamWithOperatorAsync(new { maxContainers = 2 }, ct);

        await RunAsync(op, team, HttpStatusCode.Created, ct);
        await RunAsync(op, team, HttpStatusCode.Created, ct);
        var before = await SessionObjectsAsync(fx, ct);
        var over = await op.PostAsJsonAsync("/api/v1/containers", Sleeper(fx, "q-" + TestNames.Token(), team), ct);

        Assert.Contains("uses 2 of 2 containers", await AssertRefusedAsync(over, "team-quota", ct), StringComparison.Ordinal);
        Assert.Equal(before, await SessionObjectsAsync(fx, ct));
        var view = await op.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{team}/quota", ct);
        Assert.Equal(2, view.GetProperty("usage").GetProperty("containers").GetInt32());
        Assert.Equal(2, view.GetProperty("limits").GetProperty("maxContainers").GetInt32());
    }

    [Fact]
    public async Task Memory_SumOfRunningLimits_AtLimitAdmittedOverRefused_StartChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        var (team, op) = await TeamWithOperatorAsync(new { maxMemoryBytes = 64 * MiB }, ct);

        var first = await RunAsync(op, team, HttpStatusCode.Created, ct, memory: "32m");
        await RunAsync(op, team, HttpStatusCode.Created, ct, memory: "32m");
        var over = await op.PostAsJsonAsync("/api/v1/containers", WithMemory(Sleeper(fx, "q-" + TestNames.Token(), team), "32m"), ct);
        var unlimited = await op.PostAsJsonAsync("/api/v1/containers", Sleeper(fx, "q-" + TestNames.Token(), team), ct);

        Assert.Contains("uses 64 MiB of 64 MiB memory", await AssertRefusedAsync(over, "team-quota", ct), StringComparison.Ordinal);
        var unlimitedDetail = await AssertRefusedAsync(unlimited, "team-quota", ct);
        Assert.True(unlimitedDetail.Contains("needs a memory limit", StringComparison.Ordinal), unlimitedDetail);
        var usage = (await op.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{team}/quota", ct)).GetProperty("usage");
        Assert.Equal(64 * MiB, usage.GetProperty("memoryBytes").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsync($"/api/v1/containers/{first}/stop?t=1", null, ct)).StatusCode);
        await RunAsync(op, team, HttpStatusCode.Created, ct, memory: "32m");
        var restart = await op.PostAsync($"/api/v1/containers/{first}/start", null, ct);

        Assert.Contains("uses 64 MiB of 64 MiB memory", await AssertRefusedAsync(restart, "team-quota", ct), StringComparison.Ordinal);
        Assert.False((await fx.Daemon.Client.Containers.InspectContainerAsync(first, ct)).State!.Running);
    }

    [Fact]
    public async Task Cpus_SumOfRunningLimits_AtLimitAdmittedOverRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (team, op) = await TeamWithOperatorAsync(new { maxCpus = 1.0 }, ct);

        await RunAsync(op, team, HttpStatusCode.Created, ct, cpus: 0.5);
        await RunAsync(op, team, HttpStatusCode.Created, ct, cpus: 0.5);
        var body = Sleeper(fx, "q-" + TestNames.Token(), team);
        body["cpus"] = 0.25;
        var over = await op.PostAsJsonAsync("/api/v1/containers", body, ct);

        Assert.Contains("uses 1 of 1 CPUs", await AssertRefusedAsync(over, "team-quota", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Volumes_AtLimitAdmittedOverRefused_IncludingVolumesARunWouldCreate()
    {
        var ct = TestContext.Current.CancellationToken;
        var (team, op) = await TeamWithOperatorAsync(new { maxVolumes = 1 }, ct);

        var first = await op.PostAsJsonAsync("/api/v1/volumes", new { name = "qv-" + TestNames.Token(), labels = fx.Labels, team }, ct);
        var second = await op.PostAsJsonAsync("/api/v1/volumes", new { name = "qv-" + TestNames.Token(), labels = fx.Labels, team }, ct);
        var body = Sleeper(fx, "q-" + TestNames.Token(), team);
        body["volumes"] = new[] { $"qv-{TestNames.Token()}:/data" };
        var before = await SessionObjectsAsync(fx, ct);
        var run = await op.PostAsJsonAsync("/api/v1/containers", body, ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Contains("uses 1 of 1 volumes", await AssertRefusedAsync(second, "team-quota", ct), StringComparison.Ordinal);
        await AssertRefusedAsync(run, "team-quota", ct);
        Assert.Equal(before, await SessionObjectsAsync(fx, ct));
    }

    [Fact]
    public async Task Quota_OnlyAdminsSet_StrangersSeeNoTeam()
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.PutAsJsonAsync($"/api/v1/teams/{fx.TeamA}/quota", new { maxContainers = 100 }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.AsViewerA.GetAsync($"/api/v1/teams/{fx.TeamA}/quota", ct)).StatusCode);
        var stranger = await fx.AsOperatorB.GetAsync($"/api/v1/teams/{fx.TeamA}/quota", ct);
        var missing = await fx.AsOperatorB.GetAsync($"/api/v1/teams/no-such-{TestNames.Token()}/quota", ct);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(missing.StatusCode, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.PutAsJsonAsync($"/api/v1/teams/no-such-{TestNames.Token()}/quota", new { maxContainers = 1 }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Admin.PutAsJsonAsync($"/api/v1/teams/{fx.TeamA}/quota", new { maxContainers = -1 }, ct)).StatusCode);
    }

    private async Task<(string Team, HttpClient Operator)> TeamWithOperatorAsync(object quota, CancellationToken ct)
    {
        var team = "quota-" + TestNames.Token();
        var user = "qop-" + TestNames.Token();
        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        await fx.CreateUserAsync(user, "Operator", team, ct);
        var put = await fx.Admin.PutAsJsonAsync($"/api/v1/teams/{team}/quota", quota, ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(ct));
        return (team, await fx.Factory.ClientForAsync(user, ApiFixture.Password, ct));
    }

    private async Task<string> RunAsync(HttpClient client, string team, HttpStatusCode expected, CancellationToken ct, string? memory = null, double? cpus = null)
    {
        var name = "q-" + TestNames.Token();
        var body = Sleeper(fx, name, team);
        if (memory is not null)
        {
            WithMemory(body, memory);
        }

        if (cpus is not null)
        {
            body["cpus"] = cpus;
        }

        var response = await client.PostAsJsonAsync("/api/v1/containers", body, ct);
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync(ct));
        return name;
    }

    private static Dictionary<string, object?> WithMemory(Dictionary<string, object?> body, string memory)
    {
        body["memory"] = memory;
        return body;
    }
}
