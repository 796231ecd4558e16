using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Pipeline;
using Portal.Engine.Users;
using Portal.IntegrationTests.Api;
using Portal.IntegrationTests.Policy;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>
/// A stream checked when it began is checked again when access can have narrowed: a member removed from the team,
/// or whose token was revoked, stops receiving a container's logs and stats, and the stream ends saying why;
/// a change that leaves them their access does not end it.
/// </summary>
public sealed class StreamWithdrawalTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan s_withdrawn = TimeSpan.FromSeconds(15);
    private static readonly Actor s_admin = new("admin-test", "admin-test", true, new Dictionary<string, Portal.Data.Entities.TeamRole>());

    [Fact]
    public async Task MemberRemovedFromTheTeam_LogFollowEnds_OtherPeoplesChangesDoNot()
    {
        var ct = TestContext.Current.CancellationToken;
        var (member, client) = await NewMemberAsync("logs", ct);
        var container = await TickerAsync(ct);
        await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/logs", TestHubClient.TokenOf(client), ct);
        await using var batches = hub.StreamAsync<JsonElement>("Follow", container, 5, ct).GetAsyncEnumerator(ct);
        Assert.True(await batches.MoveNextAsync());

        // Someone else's membership changes: the follower keeps reading.
        var (bystander, _) = await NewMemberAsync("bystander", ct);
        await WithUsersAsync(users => users.RemoveMembershipAsync(s_admin, bystander, fx.TeamA, ct));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await batches.MoveNextAsync());
        }

        await WithUsersAsync(users => users.RemoveMembershipAsync(s_admin, member, fx.TeamA, ct));

        var ended = await Assert.ThrowsAsync<HubException>(() => DrainAsync(batches).WaitAsync(s_withdrawn, ct));
        Assert.Contains("access to this container was withdrawn", ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRevoked_StatsStreamsEnd()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, client) = await NewMemberAsync("stats", ct);
        var container = await TickerAsync(ct);
        await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/stats", TestHubClient.TokenOf(client), ct);
        await using var one = hub.StreamAsync<JsonElement>("Container", container, ct).GetAsyncEnumerator(ct);
        await using var all = hub.StreamAsync<JsonElement>("All", ct).GetAsyncEnumerator(ct);
        Assert.True(await one.MoveNextAsync());
        Assert.True(await all.MoveNextAsync());

        var tokens = await client.GetFromJsonAsync<JsonElement>("/api/v1/tokens", ct);
        var id = tokens.EnumerateArray().Single(t => t.GetProperty("revokedAt").ValueKind == JsonValueKind.Null).GetProperty("id").GetInt32();
        Assert.True((await client.DeleteAsync($"/api/v1/tokens/{id}", ct)).IsSuccessStatusCode);

        var oneEnded = await Assert.ThrowsAsync<HubException>(() => DrainAsync(one).WaitAsync(s_withdrawn, ct));
        Assert.Contains("withdrawn", oneEnded.Message, StringComparison.Ordinal);
        var allEnded = await Assert.ThrowsAsync<HubException>(() => DrainAsync(all).WaitAsync(s_withdrawn, ct));
        Assert.Contains("withdrawn", allEnded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecPermissionTakenAway_TerminalSessionCloses()
    {
        var ct = TestContext.Current.CancellationToken;
        var (member, client) = await NewMemberAsync("exec", ct);
        var container = await TickerAsync(ct);
        await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/exec", TestHubClient.TokenOf(client), ct);
        var session = await hub.InvokeAsync<string>("StartSession", new Portal.Web.Hubs.ExecStartRequest { Container = container, Command = ["sh"] }, ct);
        await using var output = hub.StreamAsync<Portal.Web.Hubs.ExecFrame>("Output", session, ct).GetAsyncEnumerator(ct);
        await hub.InvokeAsync("Input", session, "echo still-here\n", ct);
        while (await output.MoveNextAsync() && !(output.Current.Data ?? "").Contains("still-here", StringComparison.Ordinal))
        {
        }

        await WithUsersAsync(users => users.SetMembershipAsync(s_admin, member, fx.TeamA, new MembershipRequest("Operator", MayExec: false), ct));

        var last = await LastFrameAsync(output).WaitAsync(s_withdrawn, ct);
        Assert.True(last?.Ended, "the session's output ends");
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Input", session, "echo gone\n", ct));
        Assert.Contains("No such terminal session", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<Portal.Web.Hubs.ExecFrame?> LastFrameAsync(IAsyncEnumerator<Portal.Web.Hubs.ExecFrame> frames)
    {
        Portal.Web.Hubs.ExecFrame? last = null;
        while (await frames.MoveNextAsync())
        {
            last = frames.Current;
        }

        return last;
    }

    private async Task<(string Name, HttpClient Client)> NewMemberAsync(string what, CancellationToken ct)
    {
        var name = $"{what}-{TestNames.Token()}";
        await fx.CreateUserAsync(name, "Operator", fx.TeamA, ct);
        return (name, await fx.Factory.ClientForAsync(name, ApiFixture.Password, ct));
    }

    /// <summary>A team A container that prints a line five times a second.</summary>
    private async Task<string> TickerAsync(CancellationToken ct)
    {
        var name = "ticker-" + TestNames.Token();
        var body = PolicyApiClient.Sleeper(fx, name);
        body["command"] = new[] { "sh", "-c", "trap 'exit 0' TERM; while true; do echo tick; sleep 0.2; done" };
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", body, ct);
        Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync(ct));
        return name;
    }

    private static async Task DrainAsync(IAsyncEnumerator<JsonElement> stream)
    {
        while (await stream.MoveNextAsync())
        {
        }
    }

    private async Task WithUsersAsync(Func<UserOperations, Task> action)
    {
        await using var scope = fx.Factory.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<UserOperations>());
    }
}
