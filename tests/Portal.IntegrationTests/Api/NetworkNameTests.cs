using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using Portal.IntegrationTests.Policy;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// Network names are engine-wide and this engine (API 1.41) keeps a second network of a name unless
/// asked not to: one team must neither get a duplicate made nor be able to take another team's
/// network out of service with one.
/// </summary>
public sealed class NetworkNameTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Create_NameTakenByAnotherTeam_RefusedLikeOwnOrCliName_AndNoSecondNetwork()
    {
        var ct = TestContext.Current.CancellationToken;
        var (alpha, bravo, cli) = (Name("lk-a"), Name("lk-b"), Name("lk-cli"));
        await CreateAsync(fx.AsOperatorA, alpha, fx.TeamA, ct);
        await CreateAsync(fx.AsOperatorB, bravo, fx.TeamB, ct);
        await fx.Daemon.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = cli, Labels = new Dictionary<string, string>(fx.Labels) }, ct);

        var others = await RefusalAsync(fx.AsOperatorB, alpha, ct);
        var own = await RefusalAsync(fx.AsOperatorB, bravo, ct);
        var made = await RefusalAsync(fx.AsOperatorB, cli, ct);

        Assert.Equal((HttpStatusCode.Conflict, $"The network name '{alpha}' is taken; choose another name."), (others.Status, others.Detail));
        Assert.Equal(others with { Detail = others.Detail.Replace(alpha, "NAME", StringComparison.Ordinal) }, own with { Detail = own.Detail.Replace(bravo, "NAME", StringComparison.Ordinal) });
        Assert.Equal(others with { Detail = others.Detail.Replace(alpha, "NAME", StringComparison.Ordinal) }, made with { Detail = made.Detail.Replace(cli, "NAME", StringComparison.Ordinal) });
        foreach (var name in new[] { alpha, bravo, cli })
        {
            Assert.Single(await NetworksNamedAsync(name, ct));
        }
    }

    [Fact]
    public async Task DuplicateOnEngine_OwnerStillReadsRunsConnectsDisconnectsAndRemovesItsOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Name("lk-net");
        var mine = await CreateAsync(fx.AsOperatorA, name, fx.TeamA, ct);
        var theirs = await DuplicateForTeamBAsync(name, ct);
        Assert.Equal(2, (await NetworksNamedAsync(name, ct)).Count);

        var read = await fx.AsOperatorA.GetFromJsonAsync<JsonElement>($"/api/v1/networks/{name}", s_json, ct);
        Assert.Equal(mine, read.GetProperty("summary").GetProperty("id").GetString());
        var seenByB = await fx.AsOperatorB.GetFromJsonAsync<JsonElement>($"/api/v1/networks/{name}", s_json, ct);
        Assert.Equal(theirs, seenByB.GetProperty("summary").GetProperty("id").GetString());

        var runner = Name("lk-run");
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", With(PolicyApiClient.Sleeper(fx, runner, fx.TeamA), "networks", new[] { name }), ct);
        Assert.True(run.StatusCode == HttpStatusCode.Created, await run.Content.ReadAsStringAsync(ct));
        Assert.Equal(mine, await NetworkIdOfAsync(runner, name, ct));

        var joiner = Name("lk-join");
        Assert.Equal(HttpStatusCode.Created, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, joiner, fx.TeamA), ct)).StatusCode);
        var connect = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/networks/{name}/connect", new { container = joiner }, ct);
        Assert.True(connect.StatusCode == HttpStatusCode.NoContent, await connect.Content.ReadAsStringAsync(ct));
        Assert.Equal(mine, await NetworkIdOfAsync(joiner, name, ct));
        var members = await fx.AsOperatorA.GetFromJsonAsync<JsonElement>($"/api/v1/networks/{name}", s_json, ct);
        Assert.Equal([joiner, runner], members.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, members.GetProperty("summary").GetProperty("containers").GetInt32());

        var disconnect = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/networks/{name}/disconnect", new { container = joiner }, ct);
        Assert.True(disconnect.StatusCode == HttpStatusCode.NoContent, await disconnect.Content.ReadAsStringAsync(ct));
        Assert.Null(await NetworkIdOfAsync(joiner, name, ct));

        Assert.Equal(HttpStatusCode.NoContent, (await fx.AsOperatorA.DeleteAsync($"/api/v1/containers/{runner}?force=true", ct)).StatusCode);
        var removed = await fx.AsOperatorA.DeleteAsync($"/api/v1/networks/{name}", ct);
        Assert.True(removed.StatusCode == HttpStatusCode.NoContent, await removed.Content.ReadAsStringAsync(ct));
        Assert.Equal([theirs], (await NetworksNamedAsync(name, ct)).Select(n => n.ID));
    }

    [Fact]
    public async Task DuplicateOnEngine_AdminWhoSeesBoth_ToldTheNameIsAmbiguousWithBothIds()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Name("lk-amb");
        var mine = await CreateAsync(fx.AsOperatorA, name, fx.TeamA, ct);
        var theirs = await DuplicateForTeamBAsync(name, ct);

        var refused = await RefusalAsync(fx.Admin.GetAsync($"/api/v1/networks/{name}", ct), ct);
        var byId = await fx.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/networks/{theirs[..12]}", s_json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains(mine[..12], refused.Detail, StringComparison.Ordinal);
        Assert.Contains(theirs[..12], refused.Detail, StringComparison.Ordinal);
        Assert.Equal(theirs, byId.GetProperty("summary").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Stack_NetworkOrVolumeNameHeldElsewhere_PlanAndUpRefusedAsTaken_NothingMadeOrTakenOver()
    {
        var ct = TestContext.Current.CancellationToken;
        var (netStack, volStack) = ("lknet" + TestNames.Token(), "lkvol" + TestNames.Token());
        await CreateAsync(fx.AsOperatorA, $"{netStack}_default", fx.TeamA, ct);
        var volume = "lk-vol-" + TestNames.Token();
        Assert.Equal(HttpStatusCode.Created, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/volumes", new { name = volume, team = fx.TeamA, labels = fx.Labels }, ct)).StatusCode);
        await MatrixWorld.SaveStackAsync(fx, fx.AsOperatorB, netStack, fx.TeamB, ct);
        // A compose volume named like team A's: the engine would hand the existing volume over without a word.
        var compose = System.Text.Json.Nodes.JsonNode.Parse(MatrixWorld.Compose(fx, volStack, app => app["volumes"] = new System.Text.Json.Nodes.JsonArray("data:/data")))!;
        compose["volumes"] = new System.Text.Json.Nodes.JsonObject { ["data"] = new System.Text.Json.Nodes.JsonObject { ["name"] = volume } };
        var saved = await fx.AsOperatorB.PostAsJsonAsync("/api/v1/stacks", new { name = volStack, team = fx.TeamB, files = new[] { new { name = "compose.yaml", content = compose.ToJsonString() } } }, ct);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(ct));

        var netPlan = await RefusalAsync(fx.AsOperatorB.GetAsync($"/api/v1/stacks/{netStack}/plan", ct), ct);
        var volPlan = await RefusalAsync(fx.AsOperatorB.GetAsync($"/api/v1/stacks/{volStack}/plan", ct), ct);
        var (_, up) = await MatrixWorld.StackJobAsync(fx.AsOperatorB, $"/api/v1/stacks/{netStack}/up?wait=true", ct);

        Assert.Equal((HttpStatusCode.Conflict, $"The network name '{netStack}_default' is taken; choose another name."), (netPlan.Status, netPlan.Detail));
        Assert.Equal((HttpStatusCode.Conflict, $"The volume name '{volume}' is taken; choose another name."), (volPlan.Status, volPlan.Detail));
        Assert.Equal("failed", up.GetProperty("state").GetString());
        Assert.Contains($"The network name '{netStack}_default' is taken", up.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(await NetworksNamedAsync($"{netStack}_default", ct));
        Assert.Empty(await fx.Daemon.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"com.docker.compose.project={netStack}"] = true } },
        }, ct));
    }

    private static string Name(string prefix) => $"{prefix}-{TestNames.Token()}";

    /// <summary>
    /// The duplicate an older Portal or the CLI could leave behind: a second network of the name,
    /// team B's, made straight through the engine (which, at API 1.41, allows it). Returns its id.
    /// </summary>
    private async Task<string> DuplicateForTeamBAsync(string name, CancellationToken ct) =>
        (await fx.Daemon.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = name,
            Labels = new Dictionary<string, string>(fx.Labels) { ["io.portal.team"] = fx.TeamB },
        }, ct)).ID;

    private async Task<string> CreateAsync(HttpClient client, string name, string team, CancellationToken ct)
    {
        var created = await client.PostAsJsonAsync("/api/v1/networks", new { name, team, labels = fx.Labels }, ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        return (await created.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("id").GetString()!;
    }

    private Task<Problem> RefusalAsync(HttpClient client, string name, CancellationToken ct) =>
        RefusalAsync(client.PostAsJsonAsync("/api/v1/networks", new { name, team = fx.TeamB, labels = fx.Labels }, ct), ct);

    private static async Task<Problem> RefusalAsync(Task<HttpResponseMessage> call, CancellationToken ct)
    {
        using var response = await call;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(s_json, ct);
        return new Problem(response.StatusCode, body.GetProperty("title").GetString()!, body.GetProperty("detail").GetString()!);
    }

    /// <summary>Networks on the engine called exactly <paramref name="name"/> (the engine's filter matches parts of names too).</summary>
    private async Task<List<NetworkResponse>> NetworksNamedAsync(string name, CancellationToken ct) =>
        [.. (await fx.Daemon.Client.Networks.ListNetworksAsync(new NetworksListParameters(), ct)).Where(n => n.Name == name)];

    /// <summary>The id of the network the container's attachment called <paramref name="network"/> is to, or null when it has none.</summary>
    private async Task<string?> NetworkIdOfAsync(string container, string network, CancellationToken ct)
    {
        var inspect = await fx.Daemon.Client.Containers.InspectContainerAsync(container, ct);
        return inspect.NetworkSettings?.Networks?.TryGetValue(network, out var endpoint) == true ? endpoint.NetworkID : null;
    }

    private static Dictionary<string, object?> With(Dictionary<string, object?> body, string key, object value)
    {
        body[key] = value;
        return body;
    }

    /// <summary>A refusal as the client reads it: status, title and detail.</summary>
    private sealed record Problem(HttpStatusCode Status, string Title, string Detail);
}
