using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// A non-admin of team B never reads a name or id of team A's: not in a list, a count, an error
/// or a hub stream. Team B owns a running container of its own, so every list is shown to work.
/// </summary>
public sealed class NoLeakTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TeamBOperator_ListsCountsErrorsAndStreams_NeverNameTeamAsObjects()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = await MatrixWorld.TeamAObjectsAsync(fx, ct);
        var image = await MatrixWorld.BuildImageAsync(fx, fx.AsOperatorA, fx.TeamA, ct);
        var own = "leak-b-" + TestNames.Token();
        Assert.Equal(HttpStatusCode.Created, (await fx.AsOperatorB.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, own, fx.TeamB), ct)).StatusCode);
        var b = fx.AsOperatorB;
        var seen = new List<(string What, string Body, string[] Asked)>();
        // Asked: names team B typed itself, which an answer may repeat (and the parts of them); a longer secret is still checked.
        async Task ReadAsync(string what, Task<HttpResponseMessage> call, params string[] asked)
        {
            using var response = await call;
            seen.Add((what, await response.Content.ReadAsStringAsync(ct), asked));
        }

        foreach (var list in new[] { "containers?all=true", "containers?all=true&removed=true", "images", "networks", "volumes", "stacks", "jobs", "tokens",
            "registries", "stats", "system/overview", "system/df", "audit", "admin/audit", "logs/streams", "teams" })
        {
            await ReadAsync("GET " + list, b.GetAsync("/api/v1/" + list, ct));
        }

        Assert.Contains(own, seen[0].Body, StringComparison.Ordinal);
        Assert.Contains(own, seen.Single(s => s.What == "GET stats").Body, StringComparison.Ordinal);

        // Errors: the names are engine-wide, so a clash is unavoidable — but it must not say whose, or which id.
        await ReadAsync("run with A's container name", b.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, a.Container, fx.TeamB), ct), a.Container);
        await ReadAsync("create network with A's name", b.PostAsJsonAsync("/api/v1/networks", new { name = a.Network, labels = fx.Labels, team = fx.TeamB }, ct), a.Network);
        await ReadAsync("create volume with A's name", b.PostAsJsonAsync("/api/v1/volumes", new { name = a.Volume, labels = fx.Labels, team = fx.TeamB }, ct), a.Volume);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/v1/volumes/{a.Volume}", ct)).StatusCode);
        await ReadAsync("create stack with A's name", b.PostAsJsonAsync("/api/v1/stacks",
            new { name = a.Stack, team = fx.TeamB, files = new[] { new { name = "compose.yaml", content = MatrixWorld.Compose(fx, a.Stack) } } }, ct), a.Stack);
        await ReadAsync("connect A's container", b.PostAsJsonAsync($"/api/v1/networks/{a.Network}/connect", new { container = a.Container }, ct), a.Network, a.Container);
        await ReadAsync("mount A's volume", b.PostAsJsonAsync("/api/v1/containers", WithVolume(PolicyApiClient.Sleeper(fx, "leak-" + TestNames.Token(), fx.TeamB), a.Volume), ct), a.Volume);
        await ReadAsync("join A's container's network", b.PostAsJsonAsync("/api/v1/containers", With(PolicyApiClient.Sleeper(fx, "leak-" + TestNames.Token(), fx.TeamB), "networkMode", $"container:{a.Container}"), ct), a.Container);
        await ReadAsync("logs of A's stack container", b.GetAsync($"/api/v1/containers/{a.StackContainer}/logs", ct), a.StackContainer);
        await ReadAsync("exec by id prefix", b.PostAsJsonAsync($"/api/v1/containers/{a.ContainerId[..12]}/exec", new { command = "true" }, ct), a.ContainerId[..12]);

        // Counts: what team B's operator is told runs is exactly what its own list shows.
        var overview = JsonSerializer.Deserialize<JsonElement>(seen.Single(s => s.What == "GET system/overview").Body);
        var containers = JsonSerializer.Deserialize<JsonElement>(seen[0].Body);
        Assert.True(overview.GetProperty("countsScopedToTeams").GetBoolean());
        Assert.Equal(containers.EnumerateArray().Count(c => c.GetProperty("state").GetString() == "running"), overview.GetProperty("running").GetInt32());
        Assert.Equal(containers.GetArrayLength(), overview.GetProperty("running").GetInt32() + overview.GetProperty("stopped").GetInt32() + overview.GetProperty("paused").GetInt32());

        // Hub streams: every running container team B may see, for a few seconds; its jobs list.
        await using (var stats = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/stats", TestHubClient.TokenOf(b), ct))
        {
            using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
            window.CancelAfter(TimeSpan.FromSeconds(4));
            var samples = 0;
            try
            {
                await foreach (var batch in stats.StreamAsync<JsonElement>("All", window.Token))
                {
                    seen.Add(("hub stats All", batch.ToString(), []));
                    samples++;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The window closed: the stream is endless by design.
            }

            Assert.True(samples > 0, "the stats hub sent team B nothing in 4 s");
            Assert.Contains(seen, s => s.What == "hub stats All" && s.Body.Contains(own, StringComparison.Ordinal));
        }

        await using (var jobs = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/jobs", TestHubClient.TokenOf(b), ct))
        {
            seen.Add(("hub jobs List", (await jobs.InvokeAsync<JsonElement>("List", ct)).ToString(), []));
        }

        await using (var logs = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/logs", TestHubClient.TokenOf(b), ct))
        {
            var refused = await Assert.ThrowsAsync<HubException>(async () =>
            {
                await foreach (var unused in logs.StreamAsync<JsonElement>("FollowMerged", new[] { own, a.ContainerId }, 10, ct))
                {
                    Assert.Fail("a merged stream with another team's container must not start");
                }
            });
            seen.Add(("hub logs FollowMerged own + A's id", refused.Message, [a.ContainerId]));
        }

        var secrets = a.Secrets.Concat([image.Repository, image.Id, image.Id.Replace("sha256:", "", StringComparison.Ordinal)[..12], image.Job]).ToList();
        var leaks = seen.SelectMany(s => secrets.Where(secret => !s.Asked.Any(x => x.Contains(secret, StringComparison.Ordinal))).Where(secret => s.Body.Contains(secret, StringComparison.Ordinal)).Select(secret => $"{s.What} shows '{secret}': {s.Body}")).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private static Dictionary<string, object?> WithVolume(Dictionary<string, object?> body, string volume) => With(body, "volumes", new[] { $"{volume}:/data" });

    private static Dictionary<string, object?> With(Dictionary<string, object?> body, string key, object value)
    {
        body[key] = value;
        return body;
    }
}
