using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;
using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary><c>GET /api/v1/images</c> served from the catalog: pulled images belong to the pulling team; paging and filters in SQL.</summary>
public sealed class ImageCatalogApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Pull_UnlabelledImage_OwnedByPullingTeam_OthersSeeButCannotRemove()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = TestNames.Token();
        var repo = $"{TestRegistry.Address}/portal-test-img/{token}";
        var id = await fx.Daemon.CreateAsync(repo, "v1", ct, run: ["sh", "-c", "echo pulled > /payload"]);
        await fx.Daemon.Client.Images.PushImageAsync(repo, new ImagePushParameters { Tag = "v1" }, new AuthConfig(), new SyncProgress<JSONMessage>(_ => { }), ct);
        await fx.Daemon.Client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, ct);

        var start = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference = $"{repo}:v1" }, ct);
        var job = (await start.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct))!;
        var done = await Poll.UntilAsync(async c => await fx.AsOperatorA.GetFromJsonAsync<ImageJobSnapshot>($"/api/v1/jobs/{job.Id}", s_json, c) is { Finished: true } s ? s : null,
            "the pull to finish", ct, TimeSpan.FromSeconds(60));
        Assert.Equal(ImageJobState.Succeeded, done.State);

        // Recorded by the pull itself, so the list shows the owner as soon as the job ends.
        var mine = Assert.Single(await ListAsync(fx.AsOperatorA, $"/api/v1/images?q={token}", ct));
        var theirs = Assert.Single(await ListAsync(fx.AsOperatorB, $"/api/v1/images?q={token}", ct));
        Assert.Equal((id, fx.TeamA), (mine.Id, mine.Team));
        Assert.Equal([$"{repo}:v1"], mine.Tags);
        Assert.Equal(fx.TeamA, theirs.Team);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorB.DeleteAsync($"/api/v1/images/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.AsOperatorA.DeleteAsync($"/api/v1/images/{id}", ct)).StatusCode);
        Assert.Empty(await ListAsync(fx.AsOperatorA, $"/api/v1/images?q={token}", ct));
    }

    [Fact]
    public async Task Prune_DanglingPulledImage_RemovedByThePullingTeamOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = $"{TestRegistry.Address}/portal-test-img/{TestNames.Token()}";
        var pulled = await fx.Daemon.CreateAsync(repo, "v1", ct, run: ["sh", "-c", "echo to-prune > /payload"]);
        await fx.Daemon.Client.Images.PushImageAsync(repo, new ImagePushParameters { Tag = "v1" }, new AuthConfig(), new SyncProgress<JSONMessage>(_ => { }), ct);
        await fx.Daemon.Client.Images.DeleteImageAsync(pulled, new ImageDeleteParameters { Force = true }, ct);
        var start = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference = $"{repo}:v1" }, ct);
        var job = (await start.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct))!;
        await Poll.UntilAsync(async c => await fx.AsOperatorA.GetFromJsonAsync<ImageJobSnapshot>($"/api/v1/jobs/{job.Id}", s_json, c) is { State: ImageJobState.Succeeded } s ? s : null,
            "the pull to succeed", ct, TimeSpan.FromSeconds(60));

        // A newer image takes the tag, as after a re-pull: the pulled one is dangling, owned only through the catalog.
        await fx.Daemon.CreateAsync(repo, "v1", ct, run: ["sh", "-c", "echo newer > /payload"]);
        await Poll.UntilAsync(async c => (await ListAsync(fx.Admin, "/api/v1/images?dangling=true", c)).Any(i => i.Id == pulled), "the catalog to list the pulled image as dangling", ct);

        var other = await fx.AsOperatorB.PostAsync("/api/v1/images/prune", null, ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(pulled, (await fx.Daemon.Client.Images.InspectImageAsync(pulled, ct)).ID);

        var own = await fx.AsOperatorA.PostAsync("/api/v1/images/prune", null, ct);
        var result = (await own.Content.ReadFromJsonAsync<ImagePruneResult>(s_json, ct))!;
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains(pulled, result.Deleted);
        Assert.True(result.SpaceReclaimed > 0, $"reclaimed {result.SpaceReclaimed} bytes");
        var gone = await Assert.ThrowsAnyAsync<Docker.DotNet.DockerApiException>(() => fx.Daemon.Client.Images.InspectImageAsync(pulled, ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task List_Paged_TotalInHeaderAndPagesDoNotOverlap()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = TestNames.Token();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await fx.Daemon.CreateAsync($"portal-test-img/{token}", $"v{i}", ct, run: ["sh", "-c", $"echo {i} > /n"]));
        }

        await Poll.UntilAsync(async c => (await ListAsync(fx.Admin, $"/api/v1/images?q={token}", c)).Count == 3, "the catalog to list three images", ct);

        var first = await fx.Admin.GetAsync($"/api/v1/images?q={token}&sort=tags&desc=false&take=2", ct);
        var second = await ListAsync(fx.Admin, $"/api/v1/images?q={token}&sort=tags&desc=false&skip=2&take=2", ct);
        var firstItems = (await first.Content.ReadFromJsonAsync<List<ImageSummary>>(s_json, ct))!;

        Assert.Equal("3", first.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal([$"portal-test-img/{token}:v0", $"portal-test-img/{token}:v1"], firstItems.Select(i => i.Tags[0]));
        Assert.Equal($"portal-test-img/{token}:v2", Assert.Single(second).Tags[0]);
        Assert.Equal(ids.Order(), firstItems.Concat(second).Select(i => i.Id).Order());
    }

    private static async Task<IReadOnlyList<ImageSummary>> ListAsync(HttpClient client, string url, CancellationToken ct) =>
        await client.GetFromJsonAsync<List<ImageSummary>>(url, s_json, ct) ?? [];
}
