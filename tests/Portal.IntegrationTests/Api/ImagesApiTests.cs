using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Engine.Images;
using Portal.Engine.Labels;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary><c>/api/v1/images</c> as each role drives it, against the real engine.</summary>
public sealed class ImagesApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Image_OtherTeamsOperator_IsNotFoundEverywhere()
    {
        var ct = TestContext.Current.CancellationToken;
        var (repo, token, id) = await CreateTeamAImageAsync(ct);
        var b = fx.AsOperatorB;

        Assert.Contains(await ListAsync(fx.AsOperatorA, $"/api/v1/images?q={token}", ct), i => i.Id == id && i.Team == fx.TeamA);
        Assert.Empty(await ListAsync(b, $"/api/v1/images?q={token}", ct));
        var attempts = new Func<Task<HttpResponseMessage>>[]
        {
            () => b.GetAsync($"/api/v1/images/{repo}:v1", ct),
            () => b.GetAsync($"/api/v1/images/{Uri.EscapeDataString(repo)}:v1", ct),
            () => b.PostAsJsonAsync($"/api/v1/images/{repo}:v1/tag", new { target = $"{repo}:stolen" }, ct),
            () => b.DeleteAsync($"/api/v1/images/{id}?force=true", ct),
        };
        foreach (var attempt in attempts)
        {
            var response = await attempt();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var tags = (await fx.Daemon.Client.Images.InspectImageAsync(id, ct)).RepoTags;
        Assert.Equal([$"{repo}:v1"], tags);
    }

    [Fact]
    public async Task Image_Operator_InspectTagUntagAndPrune()
    {
        var ct = TestContext.Current.CancellationToken;
        var (repo, _, id) = await CreateTeamAImageAsync(ct);
        var a = fx.AsOperatorA;

        var details = await a.GetFromJsonAsync<ImageDetails>($"/api/v1/images/{repo}:v1", s_json, ct);
        var tag = await a.PostAsJsonAsync($"/api/v1/images/{repo}:v1/tag", new { target = $"{repo}:v2" }, ct);
        var badTag = await a.PostAsJsonAsync($"/api/v1/images/{repo}:v1/tag", new { target = "UPPER/case" }, ct);
        var untag = await a.DeleteAsync($"/api/v1/images/{repo}:v2", ct);
        var untagged = await untag.Content.ReadFromJsonAsync<ImageRemoveResult>(s_json, ct);
        var prune = await a.PostAsync("/api/v1/images/prune", null, ct);

        Assert.Equal(id, details?.Summary.Id);
        Assert.NotEmpty(details!.History);
        Assert.Equal(HttpStatusCode.NoContent, tag.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, untag.StatusCode);
        Assert.Equal([$"{repo}:v2"], untagged?.Untagged);
        Assert.Equal(HttpStatusCode.OK, prune.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsViewerA.DeleteAsync($"/api/v1/images/{repo}:v1", ct)).StatusCode);
    }

    [Fact]
    public async Task ImagePages_ThroughTheRouter_ShowTheImage()
    {
        var ct = TestContext.Current.CancellationToken;
        var (repo, token, _) = await CreateTeamAImageAsync(ct);

        var list = await fx.AsOperatorA.GetStringAsync($"/images?q={token}", ct);
        var details = await fx.AsOperatorA.GetStringAsync($"/images/{repo}%3Av1", ct);
        var hidden = await fx.AsOperatorB.GetStringAsync($"/images/{repo}%3Av1", ct);

        // The grid is virtualized, so prerendering draws no rows (it needs the browser's viewport); the count is there.
        Assert.Contains("1 image<", list, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"image-overview\"", details, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"image-not-found\"", hidden, StringComparison.Ordinal);
    }

    private async Task<(string Repo, string Token, string Id)> CreateTeamAImageAsync(CancellationToken ct)
    {
        var token = TestNames.Token();
        var repo = $"portal-test-img/{token}";
        var id = await fx.Daemon.CreateAsync(repo, "v1", ct, new Dictionary<string, string> { [PortalLabels.Team] = fx.TeamA });
        // The list is served from the catalog, which follows the engine's events.
        await Poll.UntilAsync(async c => (await ListAsync(fx.Admin, $"/api/v1/images?q={token}", c)).Any(i => i.Id == id), $"the catalog to list {repo}", ct);
        return (repo, token, id);
    }

    private static async Task<IReadOnlyList<ImageSummary>> ListAsync(HttpClient client, string url, CancellationToken ct) =>
        await client.GetFromJsonAsync<List<ImageSummary>>(url, s_json, ct) ?? [];
}
