using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Engine.Compose.Stacks;
using Portal.IntegrationTests.Policy;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// One job system for image and stack jobs: the same visibility (starter, the job's team, admins; another team
/// cannot tell the job from a missing one), the same list shape, the same follow and the same cancel.
/// </summary>
public sealed class JobSystemTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task StackJob_TeamAMembersSeeIt_TeamBAndATokenOfTeamBFindNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = "jobvis" + TestNames.Token();
        await MatrixWorld.SaveStackAsync(fx, fx.AsOperatorA, project, fx.TeamA, ct);
        var mate = await TeamAOperatorAsync(ct);
        var readOnlyB = await fx.Factory.ClientForAsync(fx.OperatorB, ApiFixture.Password, ct, readOnly: true);

        // Started with ?follow=true: the answer is the job's own NDJSON stream, to its end.
        using var started = await fx.AsOperatorA.PostAsync($"/api/v1/stacks/{project}/stop?follow=true", null, ct);
        var lines = await NdjsonAsync(started, ct);
        var id = lines[0].GetProperty("id").GetString()!;

        Assert.Equal("succeeded", lines[^1].GetProperty("state").GetString());
        foreach (var (who, client) in new[] { ("viewer A", fx.AsViewerA), ("operator A2", mate) })
        {
            var stackJob = await client.GetFromJsonAsync<StackJobSnapshot>($"/api/v1/stacks/jobs/{id}", s_json, ct);
            Assert.True(stackJob is { Stack: var s, Action: "stop", State: "succeeded" } && s == project, $"{who}: {stackJob}");
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}", ct);
            Assert.Equal(("stack.stop", project, fx.TeamA), (job.GetProperty("kind").GetString(), job.GetProperty("target").GetString(), job.GetProperty("team").GetString()));
            Assert.Contains(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/jobs", ct) ?? [], j => j.GetProperty("id").GetString() == id);
            using var events = await client.GetAsync($"/api/v1/stacks/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.True((await NdjsonAsync(events, ct))[^1].GetProperty("finished").GetBoolean(), who);
            await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/jobs", TestHubClient.TokenOf(client), ct);
            var watched = new List<StackJobSnapshot>();
            await foreach (var snapshot in hub.StreamAsync<StackJobSnapshot>("WatchStack", id, ct))
            {
                watched.Add(snapshot);
            }

            Assert.Equal("succeeded", Assert.Single(watched).State);
        }

        foreach (var (who, client) in new[] { ("operator B", fx.AsOperatorB), ("read-only token of team B", readOnlyB) })
        {
            foreach (var path in new[] { "/api/v1/stacks/jobs/{0}", "/api/v1/stacks/jobs/{0}/events", "/api/v1/jobs/{0}", "/api/v1/jobs/{0}/events" })
            {
                var hidden = await ProblemAsync(await client.GetAsync(string.Format(null, path, id), ct), id, ct);
                var missing = await ProblemAsync(await client.GetAsync(string.Format(null, path, "no-such-job"), ct), "no-such-job", ct);
                Assert.True(hidden == missing && hidden.Status == HttpStatusCode.NotFound, $"{who} {path}: {hidden} vs missing {missing}");
            }

            // A read-only token is refused every change before any lookup (403 for a missing job too); operator B gets 404.
            Assert.Equal((await client.DeleteAsync("/api/v1/jobs/no-such-job", ct)).StatusCode, (await client.DeleteAsync($"/api/v1/jobs/{id}", ct)).StatusCode);
            Assert.DoesNotContain(id, await client.GetStringAsync("/api/v1/jobs", ct), StringComparison.Ordinal);
            await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/jobs", TestHubClient.TokenOf(client), ct);
            var refused = await Assert.ThrowsAsync<HubException>(async () =>
            {
                await foreach (var unused in hub.StreamAsync<StackJobSnapshot>("WatchStack", id, ct))
                {
                    Assert.Fail($"{who}: another team's stack job must not stream");
                }
            });
            Assert.Contains($"No job named '{id}' was found.", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task JobsList_ImageAndStackJobs_OneShape()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = "jobshape" + TestNames.Token();
        await MatrixWorld.SaveStackAsync(fx, fx.AsOperatorA, project, fx.TeamA, ct);
        var reference = $"127.0.0.1:{FreePorts.Next()}/portal-test-img/nowhere-{TestNames.Token()}:v1";
        var pull = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull?follow=true", new { reference }, ct);
        var pullId = (await NdjsonAsync(pull, ct))[0].GetProperty("id").GetString()!;
        try
        {
            var upId = await MatrixWorld.RunStackJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up?wait=true", ct);

            var list = await fx.AsOperatorA.GetFromJsonAsync<JsonElement[]>("/api/v1/jobs", ct) ?? [];
            var image = list.Single(j => j.GetProperty("id").GetString() == pullId);
            var stack = list.Single(j => j.GetProperty("id").GetString() == upId);

            Assert.Equal(Names(image), Names(stack));
            Assert.Superset(new SortedSet<string>(["id", "kind", "target", "team", "environment", "userName", "state", "status", "error", "progress", "log",
                "outputs", "startedAt", "finishedAt", "version", "finished", "reference", "layers"]), Names(image));
            Assert.Equal(("pull", reference, fx.TeamA, "local", fx.OperatorA, "Failed"), Fields(image));
            Assert.Equal(("stack.up", project, fx.TeamA, "local", fx.OperatorA, "Succeeded"), Fields(stack));
            Assert.Contains(stack.GetProperty("progress").EnumerateArray(), p => p.GetProperty("id").GetString() == "service:app:1" && p.GetProperty("status").GetString() == "started");
            Assert.Empty(stack.GetProperty("layers").EnumerateArray());
        }
        finally
        {
            await fx.AsOperatorA.PostAsync($"/api/v1/stacks/{project}/down?volumes=true", null, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Cancel_ImageJob_ATeamMateOperatorStopsIt_TheFollowEndsCancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        // A "registry" that accepts connections and never answers keeps the pull waiting until cancelled.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new System.Collections.Concurrent.ConcurrentBag<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                held.Add(await silent.AcceptTcpClientAsync(ct));
            }
        }, ct);
        try
        {
            var reference = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/portal-test-img/silent-{TestNames.Token()}:v1";
            var start = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference }, ct);
            var id = (await start.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
            await Poll.UntilAsync(_ => Task.FromResult(held.IsEmpty ? null : "connected"), "the engine to connect to the silent registry", ct);

            await CancelWhileFollowingAsync(id, async mate =>
                Assert.Equal(HttpStatusCode.Accepted, (await mate.DeleteAsync($"/api/v1/jobs/{id}", ct)).StatusCode), ct);
        }
        finally
        {
            silent.Stop();
            foreach (var client in held)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Cancel_StackJob_ATeamMateOperatorStopsItOverTheHub_TheFollowEndsCancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = "jobcancel" + TestNames.Token();
        // A healthcheck whose first probe is an hour away: up --wait waits on "starting" until cancelled.
        await MatrixWorld.SaveStackAsync(fx, fx.AsOperatorA, project, fx.TeamA, ct, app =>
            app["healthcheck"] = new JsonObject { ["test"] = new JsonArray("CMD", "true"), ["interval"] = "1h", ["start_period"] = "1h" });
        try
        {
            var start = await fx.AsOperatorA.PostAsync($"/api/v1/stacks/{project}/up?wait=true", null, ct);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            var id = (await start.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
            await Poll.UntilAsync(async c => (await fx.AsOperatorA.GetStringAsync($"/api/v1/jobs/{id}", c)).Contains("\"started\"", StringComparison.Ordinal) ? "started" : null,
                "the stack's container to start", ct, TimeSpan.FromSeconds(60));

            await CancelWhileFollowingAsync(id, async mate =>
            {
                await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/jobs", TestHubClient.TokenOf(mate), ct);
                await hub.InvokeAsync("Cancel", id, ct);
            }, ct);

            var stackJob = await fx.AsViewerA.GetFromJsonAsync<StackJobSnapshot>($"/api/v1/stacks/jobs/{id}", s_json, ct);
            Assert.Equal((StackJobSnapshot.Cancelled, "Cancelled."), (stackJob!.State, stackJob.Error));
        }
        finally
        {
            await fx.AsOperatorA.PostAsync($"/api/v1/stacks/{project}/down?volumes=true", null, CancellationToken.None);
        }
    }

    /// <summary>
    /// Follows the running job as its team's viewer, checks that the viewer and team B cannot stop it, lets
    /// <paramref name="cancel"/> stop it as another operator of team A, and reads the follow to its end.
    /// </summary>
    private async Task CancelWhileFollowingAsync(string id, Func<HttpClient, Task> cancel, CancellationToken ct)
    {
        var mate = await TeamAOperatorAsync(ct);
        using var follow = await fx.AsViewerA.GetAsync($"/api/v1/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await follow.Content.ReadAsStreamAsync(ct));
        var first = JsonSerializer.Deserialize<JsonElement>((await reader.ReadLineAsync(ct))!);
        Assert.Equal("Running", first.GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsViewerA.DeleteAsync($"/api/v1/jobs/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.DeleteAsync($"/api/v1/jobs/{id}", ct)).StatusCode);
        await cancel(mate);
        var last = first;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            last = JsonSerializer.Deserialize<JsonElement>(line);
        }

        Assert.Equal(("Cancelled", true), (last.GetProperty("state").GetString(), last.GetProperty("finished").GetBoolean()));
    }

    /// <summary>A second operator of team A, made for this test.</summary>
    private async Task<HttpClient> TeamAOperatorAsync(CancellationToken ct)
    {
        var name = "op-a2-" + TestNames.Token();
        await fx.CreateUserAsync(name, "Operator", fx.TeamA, ct);
        return await fx.Factory.ClientForAsync(name, ApiFixture.Password, ct);
    }

    private static async Task<List<JsonElement>> NdjsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<JsonElement>(l)).ToList();
        Assert.NotEmpty(lines);
        Assert.True(lines[^1].GetProperty("finished").GetBoolean(), "the stream ended before the job");
        return lines;
    }

    /// <summary>A problem answer's status, title and detail with <paramref name="id"/> blanked, to compare a hidden job with a missing one.</summary>
    private static async Task<(HttpStatusCode Status, string Title, string Detail)> ProblemAsync(HttpResponseMessage response, string id, CancellationToken ct)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return (response.StatusCode, body.GetProperty("title").GetString()!, body.GetProperty("detail").GetString()!.Replace(id, "<id>", StringComparison.Ordinal));
    }

    private static SortedSet<string> Names(JsonElement job) => [.. job.EnumerateObject().Select(p => p.Name)];

    private static (string?, string?, string?, string?, string?, string?) Fields(JsonElement job) =>
        (job.GetProperty("kind").GetString(), job.GetProperty("target").GetString(), job.GetProperty("team").GetString(),
            job.GetProperty("environment").GetString(), job.GetProperty("userName").GetString(), job.GetProperty("state").GetString());
}
