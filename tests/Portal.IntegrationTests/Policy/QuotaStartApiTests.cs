using System.Net;
using System.Net.Http.Json;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Policy;

/// <summary>The CPU quota on start (memory on start is in <see cref="QuotaApiTests"/>): a stopped container may not start again over the limit.</summary>
public sealed class QuotaStartApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Cpus_StartOverLimit_RefusedAndStaysStopped_AtLimitStarts()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = "qcpu-" + TestNames.Token();
        var user = "qcpu-op-" + TestNames.Token();
        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        await fx.CreateUserAsync(user, "Operator", team, ct);
        (await fx.Admin.PutAsJsonAsync($"/api/v1/teams/{team}/quota", new { maxCpus = 1.0 }, ct)).EnsureSuccessStatusCode();
        using var op = await fx.Factory.ClientForAsync(user, ApiFixture.Password, ct);

        var first = await RunAsync(op, team, ct);
        var second = await RunAsync(op, team, ct);
        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsync($"/api/v1/containers/{first}/stop?t=1", null, ct)).StatusCode);
        await RunAsync(op, team, ct);
        var over = await op.PostAsync($"/api/v1/containers/{first}/start", null, ct);

        Assert.Contains("uses 1 of 1 CPUs", await AssertRefusedAsync(over, "team-quota", ct), StringComparison.Ordinal);
        Assert.False((await fx.Daemon.Client.Containers.InspectContainerAsync(first, ct)).State!.Running);
        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsync($"/api/v1/containers/{second}/stop?t=1", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsync($"/api/v1/containers/{first}/start", null, ct)).StatusCode);
        Assert.True((await fx.Daemon.Client.Containers.InspectContainerAsync(first, ct)).State!.Running);
    }

    private async Task<string> RunAsync(HttpClient client, string team, CancellationToken ct)
    {
        var name = "qcpu-" + TestNames.Token();
        var body = Sleeper(fx, name, team);
        body["cpus"] = 0.5;
        var response = await client.PostAsJsonAsync("/api/v1/containers", body, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        return name;
    }
}
