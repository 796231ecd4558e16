using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Labels;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>Pull over the REST API with progress followed as NDJSON, against the loopback registry.</summary>
public sealed class ImageJobsApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Pull_ThroughApi_ProgressStreamsAsNdjsonUntilSucceeded()
    {
        var ct = TestContext.Current.CancellationToken;
        var (repo, id) = await OnlyInTheRegistryAsync("api", ct);

        var start = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference = $"{repo}:v1" }, ct);
        var job = await start.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct);
        using var events = await fx.AsOperatorA.GetAsync($"/api/v1/jobs/{job!.Id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        var lines = new List<ImageJobSnapshot>();
        using (var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct)))
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                lines.Add(JsonSerializer.Deserialize<ImageJobSnapshot>(line, s_json)!);
            }
        }

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal("application/x-ndjson", events.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ImageJobState.Succeeded, lines[^1].State);
        Assert.All(lines[^1].Layers, l => Assert.True(l.Done));
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.GetAsync($"/api/v1/jobs/{job.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.AsOperatorA.GetAsync($"/api/v1/images/{id}", ct)).StatusCode);
    }

    [Fact]
    public async Task Pull_WithFollow_TheAnswerIsTheProgressStream_RefusalStillAProblem()
    {
        var ct = TestContext.Current.CancellationToken;
        var (repo, id) = await OnlyInTheRegistryAsync("follow", ct);

        using var answer = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull?follow=true", new { reference = $"{repo}:v1" }, ct);
        var lines = (await answer.Content.ReadAsStringAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<ImageJobSnapshot>(l, s_json)!).ToList();
        var refused = await fx.AsViewerA.PostAsJsonAsync("/api/v1/images/pull?follow=true", new { reference = $"{repo}:v1" }, ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/x-ndjson", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ImageJobState.Succeeded, lines[^1].State);
        Assert.Single(lines.Select(l => l.Id).Distinct());
        Assert.Equal(HttpStatusCode.OK, (await fx.AsOperatorA.GetAsync($"/api/v1/images/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>An image of team A pushed to the loopback registry as <c>:v1</c>, then removed here, so only a pull brings it back.</summary>
    private async Task<(string Repo, string Id)> OnlyInTheRegistryAsync(string payload, CancellationToken ct)
    {
        var repo = $"{TestRegistry.Address}/portal-test-img/{TestNames.Token()}";
        var id = await fx.Daemon.CreateAsync(repo, "v1", ct, new Dictionary<string, string> { [PortalLabels.Team] = fx.TeamA }, run: ["sh", "-c", $"echo {payload} > /payload"]);
        await fx.Daemon.Client.Images.PushImageAsync(repo, new ImagePushParameters { Tag = "v1" }, new AuthConfig(), new SyncProgress<JSONMessage>(_ => { }), ct);
        await fx.Daemon.Client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, ct);
        return (repo, id);
    }

    [Fact]
    public async Task Pull_Refusals_AreProblemResponses()
    {
        var ct = TestContext.Current.CancellationToken;

        var invalid = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference = "NOT valid" }, ct);
        var viewer = await fx.AsViewerA.PostAsJsonAsync("/api/v1/images/pull", new { reference = $"{TestRegistry.Address}/x/y:1" }, ct);
        var unknownJob = await fx.AsOperatorA.DeleteAsync("/api/v1/jobs/nope", ct);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownJob.StatusCode);
    }
}
