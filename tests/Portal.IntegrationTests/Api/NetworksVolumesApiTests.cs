using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary><c>/api/v1/networks</c>, <c>/api/v1/volumes</c> and <c>/api/v1/system</c> as the roles drive them.</summary>
public sealed class NetworksVolumesApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Network_CreatedByTeamA_IsNotFoundForTeamB_AsProblemJson()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "api-net-" + Guid.NewGuid().ToString("N")[..8];

        var created = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/networks", new { name, team = fx.TeamA, subnet = "10.213.7.0/24", labels = fx.Labels }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var mine = await fx.AsOperatorA.GetFromJsonAsync<JsonElement>($"/api/v1/networks/{name}", s_json, ct);
        Assert.Equal("10.213.7.0/24", mine.GetProperty("summary").GetProperty("subnet").GetString());
        var theirs = await fx.AsOperatorB.GetAsync($"/api/v1/networks/{name}", ct);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal("application/problem+json", theirs.Content.Headers.ContentType?.MediaType);
        var list = await fx.AsOperatorB.GetFromJsonAsync<JsonElement[]>("/api/v1/networks", s_json, ct);
        Assert.DoesNotContain(list!, n => n.GetProperty("name").GetString() == name);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.DeleteAsync($"/api/v1/networks/{name}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsViewerA.DeleteAsync($"/api/v1/networks/{name}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await fx.AsOperatorA.DeleteAsync($"/api/v1/networks/{name}", ct)).StatusCode);
    }

    [Fact]
    public async Task Volume_WrittenByContainer_DownloadedOverHttp_RemovalRefusedWhileInUse()
    {
        var ct = TestContext.Current.CancellationToken;
        var vol = "api-vol-" + Guid.NewGuid().ToString("N")[..8];
        var writer = "api-writer-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/volumes", new { name = vol, team = fx.TeamA, labels = fx.Labels }, ct)).StatusCode);
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", new
        {
            image = fx.Daemon.Image,
            name = writer,
            command = new[] { "sh", "-c", "echo api-hello > /data/note.txt && sleep 3600" },
            volumes = new[] { $"{vol}:/data" },
            labels = fx.Labels,
        }, ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);

        var content = await Poll.UntilAsync<string>(async t =>
        {
            var response = await fx.AsViewerA.GetAsync($"/api/v1/volumes/{vol}/download?path=/note.txt", t);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(t) : null;
        }, "the writer's file to be downloadable", ct);
        Assert.Equal("api-hello\n", content);
        var browse = await fx.AsViewerA.GetFromJsonAsync<JsonElement>($"/api/v1/volumes/{vol}/browse?path=/", s_json, ct);
        Assert.Contains(browse.GetProperty("entries").EnumerateArray(), e => e.GetProperty("name").GetString() == "note.txt");

        var inUse = await fx.AsOperatorA.DeleteAsync($"/api/v1/volumes/{vol}", ct);
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains(writer, (await inUse.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.GetAsync($"/api/v1/volumes/{vol}/download?path=/note.txt", ct)).StatusCode);

        var bind = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/volumes", new
        {
            name = vol + "-bind",
            team = fx.TeamA,
            driverOptions = new Dictionary<string, string> { ["type"] = "none", ["o"] = "bind", ["device"] = "/" },
            labels = fx.Labels,
        }, ct);
        Assert.Equal(HttpStatusCode.Forbidden, bind.StatusCode);
        Assert.Equal("no-volume-driver-options", (await bind.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("rule").GetString());

        var df = await fx.AsOperatorA.GetFromJsonAsync<JsonElement>("/api/v1/system/df", s_json, ct);
        Assert.Contains(df.GetProperty("categories").EnumerateArray(), c => c.GetProperty("type").GetString() == "Local volumes");
    }

    [Fact]
    public async Task SystemPrune_ScopesAsTheReadmeWritesThem_AnyCase()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "api-prune-" + Guid.NewGuid().ToString("N")[..8];
        var run = await fx.AsOperatorB.PostAsJsonAsync("/api/v1/containers", new { image = fx.Daemon.Image, name, command = new[] { "true" }, labels = fx.Labels, team = fx.TeamB }, ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        var id = (await fx.Daemon.Client.Containers.InspectContainerAsync(name, ct)).ID;
        await Poll.UntilAsync(async c => (await fx.Daemon.Client.Containers.InspectContainerAsync(id, c)).State?.Status == "exited", $"{name} to exit", ct);

        var containers = await fx.AsOperatorB.PostAsync("/api/v1/system/prune/containers", null, ct);
        var networks = await fx.AsOperatorB.PostAsync("/api/v1/system/prune/NETWORKS", null, ct);
        var buildCache = await fx.AsOperatorB.PostAsync("/api/v1/system/prune/buildcache", null, ct);
        var unknown = await fx.AsOperatorB.PostAsync("/api/v1/system/prune/everything", null, ct);
        var number = await fx.AsOperatorB.PostAsync("/api/v1/system/prune/0", null, ct);

        Assert.Equal(HttpStatusCode.OK, containers.StatusCode);
        Assert.Contains(id, (await containers.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("removed").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, networks.StatusCode);
        // Known, then refused for what it is: pruning the build cache is an admin's.
        Assert.Equal(HttpStatusCode.Forbidden, buildCache.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (unknown.StatusCode, number.StatusCode));
        Assert.Contains("containers, images, volumes, networks or buildcache", await unknown.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
