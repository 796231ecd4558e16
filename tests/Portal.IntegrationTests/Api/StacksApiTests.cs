using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Stacks;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>A stack through REST: save, plan, up as a job followed as NDJSON, revisions, down.</summary>
public sealed class StacksApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Stack_ThroughApi_SavePlanUpFollowDown()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = $"api{TestNames.Token()}";
        var labels = new JsonObject { [TestLabels.Session] = fx.Daemon.SessionId };
        var document = new JsonObject
        {
            ["name"] = project,
            ["services"] = new JsonObject
            {
                ["app"] = new JsonObject
                {
                    ["image"] = fx.Daemon.Image,
                    ["command"] = new JsonArray("sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"),
                    ["labels"] = labels.DeepClone(),
                },
            },
            ["networks"] = new JsonObject { ["default"] = new JsonObject { ["name"] = $"{project}_default", ["labels"] = labels.DeepClone() } },
        };
        try
        {
            var bad = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/stacks", new { name = project, files = new[] { new { name = "compose.json", content = "{ not json" } } }, ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("compose.json:", await bad.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

            var created = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/stacks", new { name = project, files = new[] { new { name = "compose.json", content = document.ToJsonString() } } }, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            var plan = await fx.AsOperatorA.GetFromJsonAsync<JsonObject>($"/api/v1/stacks/{project}/plan", s_json, ct);
            Assert.Matches($@"create\s+service:app:1\s+{project}-app-1\s+\(no existing container\)", plan!["text"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.GetAsync($"/api/v1/stacks/{project}/plan", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.PostAsync($"/api/v1/stacks/{project}/up", null, ct)).StatusCode);

            var last = await RunJobAsync($"/api/v1/stacks/{project}/up?wait=true", ct);
            Assert.Equal("succeeded", last.State);
            Assert.Contains(last.Events, e => e.Resource == "service:app:1" && e.Status == "started");

            var running = await fx.Daemon.Client.Containers.ListContainersAsync(new ContainersListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true } },
            }, ct);
            Assert.Equal($"/{project}-app-1", Assert.Single(running).Names[0]);

            var revisions = await fx.AsOperatorA.GetFromJsonAsync<List<StackRevisionInfo>>($"/api/v1/stacks/{project}/revisions", s_json, ct);
            Assert.Equal(1, Assert.Single(revisions!).Number);
            var config = await fx.AsOperatorA.GetFromJsonAsync<JsonObject>($"/api/v1/stacks/{project}/config", ct);
            Assert.Equal(project, config!["name"]!.GetValue<string>());

            Assert.Equal("succeeded", (await RunJobAsync($"/api/v1/stacks/{project}/down?volumes=true", ct)).State);
            var after = await fx.Daemon.Client.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true } },
            }, ct);
            Assert.Empty(after);
        }
        finally
        {
            await fx.AsOperatorA.PostAsync($"/api/v1/stacks/{project}/down?volumes=true", null, CancellationToken.None);
        }
    }

    private async Task<StackJobSnapshot> RunJobAsync(string url, CancellationToken ct)
    {
        var start = await fx.AsOperatorA.PostAsync(url, null, ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var job = await start.Content.ReadFromJsonAsync<StackJobSnapshot>(s_json, ct);
        using var events = await fx.AsOperatorA.GetAsync($"/api/v1/stacks/jobs/{job!.Id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal("application/x-ndjson", events.Content.Headers.ContentType?.MediaType);
        StackJobSnapshot? last = null;
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            last = JsonSerializer.Deserialize<StackJobSnapshot>(line, s_json);
        }

        Assert.True(last is { Finished: true }, last?.Error);
        return last!;
    }
}
