using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Engine.Admission;
using Portal.IntegrationTests.Policy;
using Portal.TestSupport;
using Portal.Web.Hubs;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// Exec meets the admission policy's one exec check from REST and from the hub the Terminal tab uses.
/// A class of its own: it changes this host's policy, which other exec tests must not see.
/// </summary>
public sealed class ExecPolicyApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task RootExecForbiddenByPolicy_RootRefusedNamingTheRule_NothingRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        await PolicyApiClient.PutPolicyAsync(fx, new { allowRootExec = false }, ct);
        await using var hub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorA, ct);

        var named = await ExecAsync(fx.AsOperatorA, name, "root", "touch /tmp/refused-named", ct);
        var numeric = await ExecAsync(fx.AsOperatorA, name, "0:0", "touch /tmp/refused-numeric", ct);
        var byDefault = await ExecAsync(fx.AsOperatorA, name, null, "touch /tmp/refused-default", ct);
        var terminal = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<string>(
            "StartSession", new ExecStartRequest { Container = name, Command = ["sh", "-c", "touch /tmp/refused-hub"] }, ct));
        var other = await ExecAsync(fx.AsOperatorA, name, "1000", "id -u", ct);
        var admin = await ExecAsync(fx.Admin, name, "root", "ls /tmp", ct);

        foreach (var refused in new[] { named, numeric, byDefault })
        {
            await PolicyApiClient.AssertRefusedAsync(refused, AdmissionPolicy.RootExecRule, ct);
        }

        Assert.Contains($"'{AdmissionPolicy.RootExecRule}'", terminal.Message, StringComparison.Ordinal);
        Assert.Equal("1000\n", (await BodyAsync(other, ct)).GetProperty("stdout").GetString());
        Assert.DoesNotContain("refused-", (await BodyAsync(admin, ct)).GetProperty("stdout").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewerOtherTeamAndMayExecOff_RefusedOverRestAndHub()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        var noExec = "op-noexec-" + fx.Suffix;
        await fx.CreateUserAsync(noExec, "Operator", fx.TeamA, ct);
        var set = await fx.Admin.PutAsJsonAsync($"/api/v1/users/{noExec}/teams/{fx.TeamA}", new { role = "Operator", mayExec = false }, ct);
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync(ct));
        var asNoExec = await fx.Factory.ClientForAsync(noExec, ApiFixture.Password, ct);
        await using var noExecHub = await ExecHubClient.ConnectAsync(fx.Factory.Server, asNoExec, ct);
        await using var viewerHub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsViewerA, ct);
        await using var otherHub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorB, ct);

        var restNoExec = await ExecAsync(asNoExec, name, "1000", "touch /tmp/refused-rest", ct);
        var restViewer = await ExecAsync(fx.AsViewerA, name, "1000", "touch /tmp/refused-viewer", ct);
        var restOther = await ExecAsync(fx.AsOperatorB, name, "1000", "touch /tmp/refused-other", ct);
        var hubNoExec = await StartRefusedAsync(noExecHub, name, ct);
        var hubViewer = await StartRefusedAsync(viewerHub, name, ct);
        var hubOther = await StartRefusedAsync(otherHub, name, ct);
        var admin = await ExecAsync(fx.Admin, name, "root", "ls /tmp", ct);

        await PolicyApiClient.AssertRefusedAsync(restNoExec, AdmissionPolicy.ExecPermissionRule, ct);
        Assert.Contains($"'{AdmissionPolicy.ExecPermissionRule}'", hubNoExec.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, restViewer.StatusCode);
        Assert.Contains("read-only access", hubViewer.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, restOther.StatusCode);
        Assert.DoesNotContain(fx.TeamA, hubOther.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refused-", (await BodyAsync(admin, ct)).GetProperty("stdout").GetString(), StringComparison.Ordinal);
    }

    private static Task<HubException> StartRefusedAsync(HubConnection hub, string name, CancellationToken ct) =>
        Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<string>(
            "StartSession", new ExecStartRequest { Container = name, User = "1000", Command = ["sh", "-c", "touch /tmp/refused-hub"] }, ct));

    private async Task<string> RunSleeperAsync(CancellationToken ct)
    {
        var name = "exec-policy-" + TestNames.Token();
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, name), ct);
        Assert.True(run.StatusCode == HttpStatusCode.Created, await run.Content.ReadAsStringAsync(ct));
        return name;
    }

    private static Task<HttpResponseMessage> ExecAsync(HttpClient client, string name, string? user, string line, CancellationToken ct) =>
        client.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = new[] { "sh", "-c", line }, user }, ct);

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonSerializer.Deserialize<JsonElement>(text, PolicyApiClient.Json);
    }
}
