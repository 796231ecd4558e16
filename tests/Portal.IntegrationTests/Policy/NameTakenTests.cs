using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// Engine-wide names (containers, volumes, image tags, compose projects) cannot be hidden, but who
/// holds one can: team B's refusal for a name another team holds is the same answer, status and
/// problem detail but for the name, as for a name it holds itself or one the CLI made. Registries are
/// Portal's own records, so their names are per team and another team's are simply free.
/// </summary>
public sealed class NameTakenTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Container_NameOfOtherTeamOwnTeamOrCli_OneRefusal()
    {
        var ct = TestContext.Current.CancellationToken;
        var (alpha, bravo, cli) = ("nt-a-" + TestNames.Token(), "nt-b-" + TestNames.Token(), "nt-cli-" + TestNames.Token());
        await AssertCreatedAsync(fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, alpha, fx.TeamA), ct), ct);
        await AssertCreatedAsync(fx.AsOperatorB.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, bravo, fx.TeamB), ct), ct);
        await fx.Daemon.CreateContainerDirectlyAsync(cli, ["sleep", "3600"], start: false, ct);

        await AssertOneRefusalAsync("container", name => fx.AsOperatorB.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, name, fx.TeamB), ct), alpha, bravo, cli, ct);
        Assert.Single(await fx.Daemon.FindSessionContainersAsync(alpha, ct));
    }

    [Fact]
    public async Task Volume_NameOfOtherTeamOwnTeamOrCli_OneRefusal()
    {
        var ct = TestContext.Current.CancellationToken;
        var (alpha, bravo, cli) = ("nt-va-" + TestNames.Token(), "nt-vb-" + TestNames.Token(), "nt-vcli-" + TestNames.Token());
        await AssertCreatedAsync(fx.AsOperatorA.PostAsJsonAsync("/api/v1/volumes", new { name = alpha, team = fx.TeamA, labels = fx.Labels }, ct), ct);
        await AssertCreatedAsync(fx.AsOperatorB.PostAsJsonAsync("/api/v1/volumes", new { name = bravo, team = fx.TeamB, labels = fx.Labels }, ct), ct);
        await fx.Daemon.Client.Volumes.CreateAsync(new VolumesCreateParameters { Name = cli, Labels = new Dictionary<string, string>(fx.Labels) }, ct);

        await AssertOneRefusalAsync("volume", name => fx.AsOperatorB.PostAsJsonAsync("/api/v1/volumes", new { name, team = fx.TeamB, labels = fx.Labels }, ct), alpha, bravo, cli, ct);
        // The volume stays team A's: the refused create did not take it over.
        Assert.Equal(fx.TeamA, (await fx.Daemon.Client.Volumes.InspectAsync(alpha, ct)).Labels["io.portal.team"]);
    }

    [Fact]
    public async Task ImageTag_HeldByInvisibleOrUnchangeableImage_OneRefusal()
    {
        var ct = TestContext.Current.CancellationToken;
        var alpha = (await MatrixWorld.BuildImageAsync(fx, fx.AsOperatorA, fx.TeamA, ct)).Repository + ":v1";
        var bravo = (await MatrixWorld.BuildImageAsync(fx, fx.AsOperatorB, fx.TeamB, ct)).Repository + ":v1";
        // A tag the CLI put on the unowned test image: team B sees that image but may not change it.
        var cli = $"portal-test-img/nt-cli{TestNames.Token()}:v1";
        await fx.Daemon.Client.Images.TagImageAsync(fx.Daemon.Image, new ImageTagParameters { RepositoryName = cli.Split(':')[0], Tag = "v1" }, ct);
        try
        {
            var hidden = await ProblemAsync(fx.AsOperatorB.PostAsJsonAsync($"/api/v1/images/{bravo}/tag", new { target = alpha }, ct), ct);
            var visible = await ProblemAsync(fx.AsOperatorB.PostAsJsonAsync($"/api/v1/images/{bravo}/tag", new { target = cli }, ct), ct);

            Assert.Equal((HttpStatusCode.Conflict, $"The image name '{alpha}' is taken; choose another name."), (hidden.Status, hidden.Detail));
            Assert.Equal(hidden.Without(alpha), visible.Without(cli));
            Assert.Equal((await fx.Daemon.Client.Images.InspectImageAsync(fx.Daemon.Image, ct)).ID, (await fx.Daemon.Client.Images.InspectImageAsync(cli, ct)).ID);
        }
        finally
        {
            await fx.Daemon.Client.Images.DeleteImageAsync(cli, new ImageDeleteParameters(), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Stack_NameOfOtherTeamOrCliProject_OneRefusal_AdminToldItCanAdopt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (alpha, cli) = ("ntstacka" + TestNames.Token(), "ntstackcli" + TestNames.Token());
        await MatrixWorld.SaveStackAsync(fx, fx.AsOperatorA, alpha, fx.TeamA, ct);
        await fx.Daemon.CreateContainerDirectlyAsync(cli + "-app-1", ["sleep", "3600"], start: false, ct,
            new Dictionary<string, string> { ["com.docker.compose.project"] = cli, ["com.docker.compose.service"] = "app" });
        // The catalog follows the engine's events: the admin sees the CLI's project once it has arrived.
        await Poll.UntilAsync(async c => (await fx.Admin.GetAsync($"/api/v1/stacks/{cli}", c)).StatusCode == HttpStatusCode.OK, "the CLI project in the catalog", ct);
        Task<HttpResponseMessage> Save(HttpClient client, string name) => client.PostAsJsonAsync("/api/v1/stacks",
            new { name, team = fx.TeamB, files = new[] { new { name = "compose.yaml", content = MatrixWorld.Compose(fx, name) } } }, ct);

        var others = await ProblemAsync(Save(fx.AsOperatorB, alpha), ct);
        var made = await ProblemAsync(Save(fx.AsOperatorB, cli), ct);
        var admin = await ProblemAsync(Save(fx.Admin, cli), ct);

        Assert.Equal((HttpStatusCode.Conflict, $"The stack name '{alpha}' is taken; choose another name."), (others.Status, others.Detail));
        Assert.Equal(others.Without(alpha), made.Without(cli));
        Assert.Equal(HttpStatusCode.Conflict, admin.Status);
        Assert.Contains("adopt", admin.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_NamesPerTeam_AnotherTeamsNameFree_OwnTeamsAndEveryonesTaken()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "hub-" + TestNames.Token();
        Task<HttpResponseMessage> Add(HttpClient client, string? team) => client.PostAsJsonAsync("/api/v1/registries", new { name, url = "http://127.0.0.1:1", team }, ct);

        await AssertCreatedAsync(Add(fx.AsOperatorA, fx.TeamA), ct);
        await AssertCreatedAsync(Add(fx.AsOperatorB, fx.TeamB), ct);
        await AssertCreatedAsync(Add(fx.Admin, null), ct);
        var again = await ProblemAsync(Add(fx.AsOperatorB, fx.TeamB), ct);
        var everyone = await ProblemAsync(Add(fx.Admin, null), ct);

        Assert.Equal((HttpStatusCode.Conflict, $"Team '{fx.TeamB}' already has a registry named '{name}'."), (again.Status, again.Detail));
        Assert.Equal((HttpStatusCode.Conflict, $"A registry for everyone named '{name}' already exists."), (everyone.Status, everyone.Detail));
        var seen = await fx.AsOperatorB.GetFromJsonAsync<JsonElement[]>("/api/v1/registries", PolicyApiClient.Json, ct);
        Assert.Equal(new string?[] { fx.TeamB, null }, seen!.Where(r => r.GetProperty("name").GetString() == name).Select(r => r.GetProperty("team").GetString()).OrderBy(t => t is null));
    }

    /// <summary>Team B asks for each name in turn: all three refusals are one answer but for the name.</summary>
    private static async Task AssertOneRefusalAsync(string kind, Func<string, Task<HttpResponseMessage>> create, string others, string own, string cli, CancellationToken ct)
    {
        var fromOthers = await ProblemAsync(create(others), ct);
        var fromOwn = await ProblemAsync(create(own), ct);
        var fromCli = await ProblemAsync(create(cli), ct);

        Assert.Equal((HttpStatusCode.Conflict, $"The {kind} name '{others}' is taken; choose another name."), (fromOthers.Status, fromOthers.Detail));
        Assert.Equal(fromOthers.Without(others), fromOwn.Without(own));
        Assert.Equal(fromOthers.Without(others), fromCli.Without(cli));
    }

    private static async Task AssertCreatedAsync(Task<HttpResponseMessage> call, CancellationToken ct)
    {
        using var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task<Problem> ProblemAsync(Task<HttpResponseMessage> call, CancellationToken ct)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return new Problem(response.StatusCode, doc.RootElement.GetProperty("title").GetString()!, doc.RootElement.GetProperty("detail").GetString()!,
            string.Join(",", doc.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "traceId").Order(StringComparer.Ordinal)));
    }

    /// <summary>A refusal as a client reads it; <see cref="Fields"/> lists the problem's members, so an extra one (an owner, an id) shows.</summary>
    private sealed record Problem(HttpStatusCode Status, string Title, string Detail, string Fields)
    {
        public Problem Without(string name) => this with { Detail = Detail.Replace(name, "NAME", StringComparison.Ordinal) };
    }
}
