using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Portal.Web.Hubs;
using Xunit;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// The admission suite for exec, through REST and the terminal hub: privileged exec, exec as root
/// when the admin's policy forbids it, and the per-team "may exec" permission. After a refusal the
/// container has no new exec instance; the controls run.
/// </summary>
public sealed class ExecAdmissionTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task PrivilegedExec_Operator_RefusedOnRestAndHub_NothingCreated_AdminRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunAsync(fx.AsOperatorA, fx.TeamA, ct);
        var before = await ExecIdsAsync(name, ct);

        var rest = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = "id -u", privileged = true }, ct);
        await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/exec", TestHubClient.TokenOf(fx.AsOperatorA), ct);
        var session = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name, Privileged = true }, ct));

        await AssertRefusedAsync(rest, "no-privileged-exec", ct);
        Assert.Contains("no-privileged-exec", session.Message, StringComparison.Ordinal);
        Assert.Empty((await ExecIdsAsync(name, ct)).Except(before));
        var admin = await fx.Admin.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = "id -u", privileged = true }, ct);
        Assert.True(admin.IsSuccessStatusCode, await admin.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task RootExec_ForbiddenByPolicy_RefusedForRootAndDefaultUser_OtherUserAndAdminRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunAsync(fx.AsOperatorA, fx.TeamA, ct);
        Assert.Equal("0\n", (await ExecAsync(fx.AsOperatorA, name, null, ct)).GetProperty("stdout").GetString());
        await PutPolicyAsync(fx, new { allowRootExec = false }, ct);
        try
        {
            var before = await ExecIdsAsync(name, ct);
            var asRoot = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = "id -u", user = "root" }, ct);
            var asUid0 = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = "id -u", user = "0:0" }, ct);
            var asDefault = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = "id -u" }, ct);
            await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/exec", TestHubClient.TokenOf(fx.AsOperatorA), ct);
            var session = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name }, ct));

            Assert.Contains("allowRootExec", await AssertRefusedAsync(asRoot, "no-root-exec", ct), StringComparison.Ordinal);
            await AssertRefusedAsync(asUid0, "no-root-exec", ct);
            await AssertRefusedAsync(asDefault, "no-root-exec", ct);
            Assert.Contains("no-root-exec", session.Message, StringComparison.Ordinal);
            Assert.Empty((await ExecIdsAsync(name, ct)).Except(before));
            Assert.Equal("65534\n", (await ExecAsync(fx.AsOperatorA, name, "65534", ct)).GetProperty("stdout").GetString());
            Assert.Equal("0\n", (await ExecAsync(fx.Admin, name, "root", ct)).GetProperty("stdout").GetString());
        }
        finally
        {
            await PutPolicyAsync(fx, new { }, ct);
        }
    }

    [Fact]
    public async Task MayExecRevoked_OperatorRefused_NothingCreated_GrantedAgainRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = "exec-" + TestNames.Token();
        var user = "exec-op-" + TestNames.Token();
        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        await fx.CreateUserAsync(user, "Operator", team, ct);
        using var op = await fx.Factory.ClientForAsync(user, ApiFixture.Password, ct);
        var name = await RunAsync(op, team, ct);
        await SetMayExecAsync(user, team, false, ct);
        var before = await ExecIdsAsync(name, ct);

        var refused = await op.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = "true" }, ct);

        Assert.Contains("mayExec", await AssertRefusedAsync(refused, "may-exec", ct), StringComparison.Ordinal);
        Assert.Empty((await ExecIdsAsync(name, ct)).Except(before));
        await SetMayExecAsync(user, team, true, ct);
        Assert.Equal(0, (await ExecAsync(op, name, null, ct)).GetProperty("exitCode").GetInt32());
    }

    private async Task SetMayExecAsync(string user, string team, bool mayExec, CancellationToken ct)
    {
        var put = await fx.Admin.PutAsJsonAsync($"/api/v1/users/{user}/teams/{team}", new { role = "Operator", mayExec }, ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(ct));
    }

    private async Task<string> RunAsync(HttpClient client, string team, CancellationToken ct)
    {
        var name = "exec-adm-" + TestNames.Token();
        var response = await client.PostAsJsonAsync("/api/v1/containers", Sleeper(fx, name, team), ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        return name;
    }

    private static async Task<JsonElement> ExecAsync(HttpClient client, string name, string? user, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = "id -u", user }, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    /// <summary>The engine's exec instances of the container: a refused exec must not have made one (finished ones may vanish meanwhile).</summary>
    private async Task<IReadOnlyList<string>> ExecIdsAsync(string name, CancellationToken ct) =>
        [.. ((await fx.Daemon.Client.Containers.InspectContainerAsync(name, ct)).ExecIDs ?? []).Order(StringComparer.Ordinal)];
}
