using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Compose.Model;
using Portal.Engine.Images.Jobs;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// The allowed side of the permission matrix for every mutating endpoint of the route table: an
/// allowed caller's real call succeeds once and the engine (or the store) shows the change. A new
/// mutating endpoint without a step here fails the test.
/// </summary>
public sealed partial class SuccessfulMutationsTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    [Fact]
    public async Task EveryMutatingEndpoint_AllowedCaller_SucceedsAndTheChangeIsThere()
    {
        var ct = TestContext.Current.CancellationToken;
        // The routes under /api/v1/environments/{env} run the same handlers; EnvironmentRoutesTests drives them on a second engine.
        var mutating = PermissionMatrixTests.ApiEndpoints(fx).Select(e => e.Key)
            .Where(k => !k.StartsWith("GET ", StringComparison.Ordinal) && !PermissionMatrixTests.IsInEnvironment(k)).ToHashSet(StringComparer.Ordinal);

        await AccountsAndSettingsAsync(ct);
        await ContainersAsync(ct);
        await NetworksAndVolumesAsync(ct);
        await ImagesAndRegistriesAsync(ct);
        await StacksAsync(ct);
        await StackImagesAsync(ct);
        await EnvironmentsAsync(ct);

        var missing = mutating.Except(_done).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Mutating endpoints never made to succeed: " + string.Join(", ", missing));
        Assert.Empty(_done.Except(mutating));
    }

    /// <summary>An environment on the same engine's socket (a second name for it): created, tested, granted, edited and deleted.</summary>
    private async Task EnvironmentsAsync(CancellationToken ct)
    {
        var admin = fx.Admin;
        var name = "ok-env-" + TestNames.Token();
        var socket = fx.Daemon.Endpoint.ToString();
        var probe = await OkAsync("POST /api/v1/environments/test", admin.PostAsJsonAsync("/api/v1/environments/test", new { name, kind = "socket", uri = socket }, ct), ct);
        Assert.True(probe.GetProperty("reachable").GetBoolean(), probe.ToString());
        await OkAsync("POST /api/v1/environments/", admin.PostAsJsonAsync("/api/v1/environments", new { name, kind = "socket", uri = socket }, ct), ct);
        await OkAsync("POST /api/v1/environments/{env}/test", admin.PostAsync($"/api/v1/environments/{name}/test", null, ct), ct);
        await OkAsync("PUT /api/v1/environments/{env}", admin.PutAsJsonAsync($"/api/v1/environments/{name}", new { description = "made by the mutations test" }, ct), ct);
        Assert.Contains("made by the mutations test", await admin.GetStringAsync($"/api/v1/environments/{name}", ct), StringComparison.Ordinal);

        await OkAsync("PUT /api/v1/environments/{env}/grants/{team}", admin.PutAsJsonAsync($"/api/v1/environments/{name}/grants/{fx.TeamA}", new { role = "Viewer" }, ct), ct);
        Assert.Equal(HttpStatusCode.OK, (await fx.AsOperatorA.GetAsync($"/api/v1/environments/{name}", ct)).StatusCode);
        await OkAsync("DELETE /api/v1/environments/{env}/grants/{team}", admin.DeleteAsync($"/api/v1/environments/{name}/grants/{fx.TeamA}", ct), ct);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorA.GetAsync($"/api/v1/environments/{name}", ct)).StatusCode);

        await OkAsync("DELETE /api/v1/environments/{env}", admin.DeleteAsync($"/api/v1/environments/{name}", ct), ct);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/environments/{name}", ct)).StatusCode);
    }

    private async Task AccountsAndSettingsAsync(CancellationToken ct)
    {
        var admin = fx.Admin;
        var t = TestNames.Token();
        using var anonymous = fx.Factory.CreateClient();
        var issued = await OkAsync("POST /api/v1/auth/token", anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = fx.OperatorA, password = ApiFixture.Password, name = "ok-" + t }, ct), ct);
        Assert.False(string.IsNullOrEmpty(issued.GetProperty("token").GetString()));

        var team = "ok-team-" + t;
        await OkAsync("POST /api/v1/teams", admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct), ct);
        Assert.Contains(team, await admin.GetStringAsync("/api/v1/teams", ct), StringComparison.Ordinal);

        var user = "ok-user-" + t;
        await OkAsync("POST /api/v1/users", admin.PostAsJsonAsync("/api/v1/users", new { username = user, password = ApiFixture.Password, role = "Operator", teams = new[] { fx.TeamA } }, ct), ct);
        await OkAsync("PUT /api/v1/users/{user}/teams/{team}", admin.PutAsJsonAsync($"/api/v1/users/{user}/teams/{team}", new { role = "Viewer" }, ct), ct);
        using var member = await fx.Factory.ClientForAsync(user, ApiFixture.Password, ct);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/v1/teams/{team}/quota", ct)).StatusCode);

        await OkAsync("PUT /api/v1/teams/{team}/quota", admin.PutAsJsonAsync($"/api/v1/teams/{team}/quota", new { maxContainers = 7 }, ct), ct);
        Assert.Equal(7, (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{team}/quota", ct)).GetProperty("limits").GetProperty("maxContainers").GetInt32());

        var retention = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/audit/retention", ct);
        await OkAsync("PUT /api/v1/admin/audit/retention", admin.PutAsJsonAsync("/api/v1/admin/audit/retention", new { days = 4321 }, ct), ct);
        Assert.Equal(4321, (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/audit/retention", ct)).GetProperty("days").GetInt32());
        await admin.PutAsJsonAsync("/api/v1/admin/audit/retention", retention, ct);

        await OkAsync("PUT /api/v1/settings/policy", admin.PutAsJsonAsync("/api/v1/settings/policy", new { }, ct), ct);

        // Deleting: a team that owns nothing goes; a user goes, and the audit log still names them.
        var spare = "ok-spare-" + t;
        await OkAsync(null, admin.PostAsJsonAsync("/api/v1/teams", new { name = spare }, ct), ct);
        await OkAsync("DELETE /api/v1/teams/{team}", admin.DeleteAsync($"/api/v1/teams/{spare}", ct), ct);
        Assert.DoesNotContain(spare, await admin.GetStringAsync("/api/v1/teams", ct), StringComparison.Ordinal);
        await OkAsync("DELETE /api/v1/users/{user}", admin.DeleteAsync($"/api/v1/users/{user}", ct), ct);
        Assert.DoesNotContain($"\"{user}\"", await admin.GetStringAsync("/api/v1/users", ct), StringComparison.Ordinal);
        Assert.NotEqual(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?actor={user}", ct)).GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/v1/teams", ct)).StatusCode);

        var token = await OkAsync("POST /api/v1/tokens/", fx.AsOperatorA.PostAsJsonAsync("/api/v1/tokens", new { name = "ok-" + t }, ct), ct);
        using var holder = fx.Factory.CreateClient();
        holder.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync("/api/v1/tokens", ct)).StatusCode);
        await OkAsync("DELETE /api/v1/tokens/{id:int}", fx.AsOperatorA.DeleteAsync($"/api/v1/tokens/{token.GetProperty("id").GetInt32()}", ct), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await holder.GetAsync("/api/v1/tokens", ct)).StatusCode);
    }

    private async Task ContainersAsync(CancellationToken ct)
    {
        var a = fx.AsOperatorA;
        var name = "ok-" + TestNames.Token();
        await OkAsync("POST /api/v1/containers/", a.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, name), ct), ct);
        Assert.True(await RunningAsync(name, ct));

        var exec = await OkAsync("POST /api/v1/containers/{idOrName}/exec", a.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = "echo matrix-ok" }, ct), ct);
        Assert.Equal("matrix-ok\n", exec.GetProperty("stdout").GetString());

        await OkAsync("POST /api/v1/containers/{idOrName}/stop", a.PostAsync($"/api/v1/containers/{name}/stop?t=1", null, ct), ct);
        Assert.False(await RunningAsync(name, ct));
        await OkAsync("POST /api/v1/containers/{idOrName}/start", a.PostAsync($"/api/v1/containers/{name}/start", null, ct), ct);
        Assert.True(await RunningAsync(name, ct));
        var started = (await fx.Daemon.Client.Containers.InspectContainerAsync(name, ct)).State!.StartedAt;
        await OkAsync("POST /api/v1/containers/{idOrName}/restart", a.PostAsync($"/api/v1/containers/{name}/restart?t=1", null, ct), ct);
        var restarted = await fx.Daemon.Client.Containers.InspectContainerAsync(name, ct);
        Assert.True(restarted.State!.Running && restarted.State.StartedAt != started, "restart did not start the container again");
        await OkAsync("POST /api/v1/containers/{idOrName}/kill", a.PostAsync($"/api/v1/containers/{name}/kill", null, ct), ct);
        Assert.False(await RunningAsync(name, ct));

        await OkAsync("DELETE /api/v1/containers/{idOrName}", a.DeleteAsync($"/api/v1/containers/{name}", ct), ct);
        Assert.Empty(await fx.Daemon.FindSessionContainersAsync(name, ct));

        // A container made outside Portal belongs to nobody until an admin assigns it.
        var outside = "ok-outside-" + TestNames.Token();
        await fx.Daemon.CreateContainerDirectlyAsync(outside, ["sleep", "3600"], start: false, ct);
        await Poll.UntilAsync(async c => (await fx.Admin.GetAsync($"/api/v1/containers/{outside}", c)).IsSuccessStatusCode, "the catalog to see the outside container", ct, TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/v1/containers/{outside}", ct)).StatusCode);
        await OkAsync("PUT /api/v1/containers/{idOrName}/team", fx.Admin.PutAsJsonAsync($"/api/v1/containers/{outside}/team", new { team = fx.TeamA }, ct), ct);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/v1/containers/{outside}", ct)).StatusCode);

        var exited = "ok-exited-" + TestNames.Token();
        var body = PolicyApiClient.Sleeper(fx, exited);
        body["command"] = new[] { "true" };
        await OkAsync(null, a.PostAsJsonAsync("/api/v1/containers", body, ct), ct);
        await Poll.UntilAsync(async c => !await RunningAsync(exited, c), "the one-shot container to exit", ct, TimeSpan.FromSeconds(20));
        await OkAsync("POST /api/v1/system/prune/{scope}", a.PostAsync("/api/v1/system/prune/Containers", null, ct), ct);
        Assert.Empty(await fx.Daemon.FindSessionContainersAsync(exited, ct));
    }

    private async Task NetworksAndVolumesAsync(CancellationToken ct)
    {
        var a = fx.AsOperatorA;
        var container = "ok-net-" + TestNames.Token();
        await OkAsync(null, a.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, container), ct), ct);
        var network = "ok-net-" + TestNames.Token();
        await OkAsync("POST /api/v1/networks/", a.PostAsJsonAsync("/api/v1/networks", new { name = network, labels = fx.Labels, team = fx.TeamA }, ct), ct);
        Assert.NotNull(await fx.Daemon.Client.Networks.InspectNetworkAsync(network, ct));
        await OkAsync("POST /api/v1/networks/{idOrName}/connect", a.PostAsJsonAsync($"/api/v1/networks/{network}/connect", new { container }, ct), ct);
        Assert.Contains(network, (await fx.Daemon.Client.Containers.InspectContainerAsync(container, ct)).NetworkSettings!.Networks!.Keys);
        await OkAsync("POST /api/v1/networks/{idOrName}/disconnect", a.PostAsJsonAsync($"/api/v1/networks/{network}/disconnect", new { container }, ct), ct);
        Assert.DoesNotContain(network, (await fx.Daemon.Client.Containers.InspectContainerAsync(container, ct)).NetworkSettings!.Networks!.Keys);
        await OkAsync("DELETE /api/v1/networks/{idOrName}", a.DeleteAsync($"/api/v1/networks/{network}", ct), ct);
        Assert.False(await NetworkExistsAsync(network, ct));
        var unused = "ok-net-unused-" + TestNames.Token();
        await OkAsync(null, a.PostAsJsonAsync("/api/v1/networks", new { name = unused, labels = fx.Labels, team = fx.TeamA }, ct), ct);
        await OkAsync("POST /api/v1/networks/prune", a.PostAsync("/api/v1/networks/prune", null, ct), ct);
        Assert.False(await NetworkExistsAsync(unused, ct));

        var volume = "ok-vol-" + TestNames.Token();
        await OkAsync("POST /api/v1/volumes/", a.PostAsJsonAsync("/api/v1/volumes", new { name = volume, labels = fx.Labels, team = fx.TeamA }, ct), ct);
        Assert.True(await VolumeExistsAsync(volume, ct));
        await OkAsync("DELETE /api/v1/volumes/{name}", a.DeleteAsync($"/api/v1/volumes/{volume}", ct), ct);
        Assert.False(await VolumeExistsAsync(volume, ct));
        var spare = "ok-vol-unused-" + TestNames.Token();
        await OkAsync(null, a.PostAsJsonAsync("/api/v1/volumes", new { name = spare, labels = fx.Labels, team = fx.TeamA }, ct), ct);
        await OkAsync("POST /api/v1/volumes/prune", a.PostAsync("/api/v1/volumes/prune", null, ct), ct);
        Assert.False(await VolumeExistsAsync(spare, ct));
    }

    private async Task ImagesAndRegistriesAsync(CancellationToken ct)
    {
        var a = fx.AsOperatorA;
        var repo = $"portal-test-img/ok{TestNames.Token()}";
        var build = await OkAsync("POST /api/v1/images/build", a.PostAsync(BuildQuery($"{repo}:v1"), Tar($"FROM {fx.Daemon.Image}\nRUN echo ok > /ok\n"), ct), ct);
        Assert.Equal(ImageJobState.Succeeded, (await FollowImageJobAsync(build, ct)).State);
        Assert.True(await ImageExistsAsync($"{repo}:v1", ct));

        var slow = await OkAsync(null, a.PostAsync(BuildQuery($"{repo}:slow"), Tar($"FROM {fx.Daemon.Image}\nRUN sleep 60\n"), ct), ct);
        await OkAsync("DELETE /api/v1/jobs/{id}", a.DeleteAsync($"/api/v1/jobs/{slow.GetProperty("id").GetString()}", ct), ct);
        Assert.Equal(ImageJobState.Cancelled, (await FollowImageJobAsync(slow, ct)).State);

        await OkAsync("POST /api/v1/images/{**path}", a.PostAsJsonAsync($"/api/v1/images/{Uri.EscapeDataString($"{repo}:v1")}/tag", new { target = $"{repo}:v2" }, ct), ct);
        Assert.True(await ImageExistsAsync($"{repo}:v2", ct));
        await OkAsync("DELETE /api/v1/images/{**reference}", a.DeleteAsync($"/api/v1/images/{Uri.EscapeDataString($"{repo}:v2")}", ct), ct);
        Assert.False(await ImageExistsAsync($"{repo}:v2", ct));

        var registry = await OkAsync("POST /api/v1/registries/", a.PostAsJsonAsync("/api/v1/registries", new { name = "ok-" + TestNames.Token(), url = $"http://{TestRegistry.Address}", team = fx.TeamA }, ct), ct);
        var registryId = registry.GetProperty("id").GetInt32();
        var test = await OkAsync("POST /api/v1/registries/{id:int}/test", a.PostAsync($"/api/v1/registries/{registryId}/test", null, ct), ct);
        Assert.Contains("ok", test.ToString(), StringComparison.OrdinalIgnoreCase);

        var remote = $"{TestRegistry.Address}/{repo}:v1";
        var push = await OkAsync(null, a.PostAsJsonAsync($"/api/v1/images/{Uri.EscapeDataString($"{repo}:v1")}/push", new { registryId, target = $"{repo}:v1" }, ct), ct);
        Assert.Equal(ImageJobState.Succeeded, (await FollowImageJobAsync(push, ct)).State);
        await fx.Daemon.Client.Images.DeleteImageAsync(remote, new ImageDeleteParameters(), ct);
        var pull = await OkAsync("POST /api/v1/images/pull", a.PostAsJsonAsync("/api/v1/images/pull", new { reference = remote, team = fx.TeamA }, ct), ct);
        Assert.Equal(ImageJobState.Succeeded, (await FollowImageJobAsync(pull, ct)).State);
        Assert.True(await ImageExistsAsync(remote, ct));
        await fx.Daemon.Client.Images.DeleteImageAsync(remote, new ImageDeleteParameters(), ct);

        await OkAsync("DELETE /api/v1/registries/{id:int}", a.DeleteAsync($"/api/v1/registries/{registryId}", ct), ct);
        Assert.DoesNotContain($"\"id\":{registryId},", await a.GetStringAsync("/api/v1/registries", ct), StringComparison.Ordinal);

        // A dangling image of team A's: the build's tag moves to a new image, leaving the old one untagged.
        var old = (await fx.Daemon.Client.Images.InspectImageAsync($"{repo}:v1", ct)).ID;
        Assert.Equal(ImageJobState.Succeeded, (await FollowImageJobAsync(await OkAsync(null, a.PostAsync(BuildQuery($"{repo}:v1"), Tar($"FROM {fx.Daemon.Image}\nRUN echo again > /ok\n"), ct), ct), ct)).State);
        await OkAsync("POST /api/v1/images/prune", a.PostAsync("/api/v1/images/prune", null, ct), ct);
        Assert.False(await ImageExistsAsync(old, ct));
    }

    private string BuildQuery(string tag) => $"/api/v1/images/build?tag={Uri.EscapeDataString(tag)}&label={Uri.EscapeDataString($"{TestLabels.Session}={fx.Daemon.SessionId}")}";

    private static ByteArrayContent Tar(string dockerfile)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)) });
        }

        var content = new ByteArrayContent(tar.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    private async Task<ImageJobSnapshot> FollowImageJobAsync(JsonElement started, CancellationToken ct)
    {
        using var events = await fx.AsOperatorA.GetAsync($"/api/v1/jobs/{started.GetProperty("id").GetString()}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        ImageJobSnapshot? last = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            last = JsonSerializer.Deserialize<ImageJobSnapshot>(line, s_json);
        }

        Assert.NotNull(last);
        return last;
    }

    private async Task StacksAsync(CancellationToken ct)
    {
        var a = fx.AsOperatorA;
        var project = "okstack" + TestNames.Token();
        var files = new[] { new { name = "compose.yaml", content = MatrixWorld.Compose(fx, project) } };
        var validated = await OkAsync("POST /api/v1/stacks/validate", a.PostAsJsonAsync("/api/v1/stacks/validate", new { name = project, files }, ct), ct);
        Assert.Equal(0, validated.GetArrayLength());
        await OkAsync("POST /api/v1/stacks/", a.PostAsJsonAsync("/api/v1/stacks", new { name = project, team = fx.TeamA, files }, ct), ct);
        var scaled = MatrixWorld.Compose(fx, project, s => s["environment"] = new System.Text.Json.Nodes.JsonObject { ["REVISION"] = "2" });
        await OkAsync("PUT /api/v1/stacks/{name}", a.PutAsJsonAsync($"/api/v1/stacks/{project}", new { name = project, files = new[] { new { name = "compose.yaml", content = scaled } } }, ct), ct);
        await OkAsync("POST /api/v1/stacks/{name}/revisions/{number:int}/rollback", a.PostAsync($"/api/v1/stacks/{project}/revisions/1/rollback", null, ct), ct);
        // A plan of unsaved files: what up would create for them, and nothing saved.
        var preview = await OkAsync("POST /api/v1/stacks/{name}/plan", a.PostAsJsonAsync($"/api/v1/stacks/{project}/plan", new { name = project, files = new[] { new { name = "compose.yaml", content = scaled } } }, ct), ct);
        Assert.Contains($"{project}-app-1", preview.GetProperty("text").GetString(), StringComparison.Ordinal);
        var revisions = await a.GetFromJsonAsync<JsonElement>($"/api/v1/stacks/{project}/revisions", ct);
        Assert.Equal(3, revisions.GetArrayLength());
        // A copy within the same environment under another name: a new stack, its files as revision 1, not deployed.
        var local = fx.Factory.Services.GetRequiredService<Engines>().Local;
        await fx.Factory.Services.GetRequiredService<EnvironmentGrantStore>().SetAsync(fx.TeamA, local.Id, TeamRole.Operator, ct);
        var copy = project + "copy";
        var copied = await OkAsync("POST /api/v1/stacks/{name}/copy", a.PostAsJsonAsync($"/api/v1/stacks/{project}/copy", new { environment = local.Name, name = copy }, ct), ct);
        Assert.Equal(0, copied.GetProperty("summary").GetProperty("total").GetInt32());
        Assert.Equal(1, (await a.GetFromJsonAsync<JsonElement>($"/api/v1/stacks/{copy}/revisions", ct)).GetArrayLength());
        await OkAsync(null, a.DeleteAsync($"/api/v1/stacks/{copy}", ct), ct);
        Assert.DoesNotContain("REVISION", revisions[0].ToString(), StringComparison.Ordinal);

        await StackJobAsync("POST /api/v1/stacks/{name}/up", $"/api/v1/stacks/{project}/up?wait=true", ct);
        Assert.Equal(["running"], await StatesAsync(project, ct));
        await StackJobAsync("POST /api/v1/stacks/{name}/stop", $"/api/v1/stacks/{project}/stop", ct);
        Assert.Equal(["exited"], await StatesAsync(project, ct));
        await StackJobAsync("POST /api/v1/stacks/{name}/start", $"/api/v1/stacks/{project}/start", ct);
        Assert.Equal(["running"], await StatesAsync(project, ct));
        await StackJobAsync("POST /api/v1/stacks/{name}/restart", $"/api/v1/stacks/{project}/restart", ct);
        Assert.Equal(["running"], await StatesAsync(project, ct));
        var scale = await a.PostAsJsonAsync($"/api/v1/stacks/{project}/scale", new { service = "app", replicas = 2 }, ct);
        Assert.Equal(HttpStatusCode.Accepted, scale.StatusCode);
        _done.Add("POST /api/v1/stacks/{name}/scale");
        await FollowStackJobAsync(await scale.Content.ReadFromJsonAsync<JsonElement>(ct), ct);
        Assert.Equal(["running", "running"], await StatesAsync(project, ct));
        // A stack with containers is not deleted: its containers are never removed as a side effect.
        var early = await a.DeleteAsync($"/api/v1/stacks/{project}", ct);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("take it down first", await early.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await StackJobAsync("POST /api/v1/stacks/{name}/rm", $"/api/v1/stacks/{project}/rm?stop=true", ct);
        Assert.Empty(await StatesAsync(project, ct));
        await StackJobAsync("POST /api/v1/stacks/{name}/down", $"/api/v1/stacks/{project}/down", ct);
        Assert.Empty(await StatesAsync(project, ct));
        await Poll.UntilAsync(async c => (await a.GetFromJsonAsync<JsonElement>($"/api/v1/stacks/{project}", c)).GetProperty("summary").GetProperty("total").GetInt32() == 0,
            "the catalog to see the stack down", ct, TimeSpan.FromSeconds(20));
        await OkAsync("DELETE /api/v1/stacks/{name}", a.DeleteAsync($"/api/v1/stacks/{project}", ct), ct);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/v1/stacks/{project}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/v1/stacks/{project}/revisions", ct)).StatusCode);

        // A project the compose CLI made (only labels tell), adopted by an admin for team A.
        var cli = "okcli" + TestNames.Token();
        var labels = new Dictionary<string, string>(fx.Daemon.SessionLabels) { [ComposeLabels.Project] = cli, [ComposeLabels.Service] = "app", [ComposeLabels.ContainerNumber] = "1" };
        await fx.Daemon.CreateContainerDirectlyAsync($"{cli}-app-1", ["sleep", "3600"], start: true, ct, labels);
        await Poll.UntilAsync(async c => (await fx.Admin.GetAsync($"/api/v1/stacks/{cli}", c)).IsSuccessStatusCode, "the catalog to see the CLI project", ct, TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/v1/stacks/{cli}", ct)).StatusCode);
        await OkAsync("POST /api/v1/stacks/{name}/adopt", fx.Admin.PostAsJsonAsync($"/api/v1/stacks/{cli}/adopt", new { team = fx.TeamA }, ct), ct);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/v1/stacks/{cli}", ct)).StatusCode);
    }

    private async Task StackJobAsync(string key, string url, CancellationToken ct)
    {
        var (_, last) = await MatrixWorld.StackJobAsync(fx.AsOperatorA, url, ct);
        Assert.True(last.GetProperty("state").GetString() == "succeeded", $"{key}: {last}");
        _done.Add(key);
    }

    private async Task FollowStackJobAsync(JsonElement started, CancellationToken ct)
    {
        using var events = await fx.AsOperatorA.GetAsync($"/api/v1/stacks/jobs/{started.GetProperty("id").GetString()}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        var lines = (await events.Content.ReadAsStringAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"state\":\"succeeded\"", lines[^1], StringComparison.Ordinal);
    }

    private async Task<List<string>> StatesAsync(string project, CancellationToken ct)
    {
        var containers = await fx.Daemon.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true } },
        }, ct);
        return [.. containers.Select(c => c.State)];
    }
}
