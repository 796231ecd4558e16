using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Policy;

/// <summary>The seven kinds of caller of the permission matrix.</summary>
public enum MatrixCaller { Admin, OperatorA, ViewerA, OperatorB, ReadOnlyToken, RevokedToken, Anonymous }

/// <summary>
/// Team A's objects that the matrix suites aim at, all made by team A's operator through REST and
/// labelled with the session: a running container, a network, a volume, a stored registry, a pull
/// job, and a saved stack that is up (so it has a running container and a finished stack job).
/// </summary>
public sealed record MatrixObjects(
    string Container, string ContainerId, string Network, string Volume, string Image, int Registry, string Job,
    string Stack, string StackJob, string StackContainer, string Team, string User, string Token)
{
    /// <summary>Every name or id of team A's that another team must never read.</summary>
    public IReadOnlyList<string> Secrets => [Container, ContainerId, ContainerId[..12], Network, Volume, Job, Stack, StackJob, StackContainer, Team, User];
}

/// <summary>Creates <see cref="MatrixObjects"/> and one authenticated client per <see cref="MatrixCaller"/>.</summary>
public static class MatrixWorld
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static async Task<MatrixObjects> TeamAObjectsAsync(ApiFixture fx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fx);
        var token = TestNames.Token();
        var a = fx.AsOperatorA;
        var container = "matrix-" + token;
        var run = await a.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, container), ct);
        Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync(ct));
        var containerId = (await fx.Daemon.Client.Containers.InspectContainerAsync(container, ct)).ID;
        var network = "matrix-net-" + token;
        Assert.True((await a.PostAsJsonAsync("/api/v1/networks", new { name = network, labels = fx.Labels, team = fx.TeamA }, ct)).IsSuccessStatusCode);
        var volume = "matrix-vol-" + token;
        Assert.True((await a.PostAsJsonAsync("/api/v1/volumes", new { name = volume, labels = fx.Labels, team = fx.TeamA }, ct)).IsSuccessStatusCode);
        var registry = await a.PostAsJsonAsync("/api/v1/registries", new { name = "matrix-" + token, url = "http://127.0.0.1:1", team = fx.TeamA }, ct);
        Assert.True(registry.IsSuccessStatusCode, await registry.Content.ReadAsStringAsync(ct));
        var registryId = (await registry.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt32();
        var pull = await a.PostAsJsonAsync("/api/v1/images/pull", new { reference = "127.0.0.1:1/matrix/none:latest" }, ct);
        Assert.True(pull.IsSuccessStatusCode, await pull.Content.ReadAsStringAsync(ct));
        var job = (await pull.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        var stack = "matrixstack" + token;
        await SaveStackAsync(fx, a, stack, fx.TeamA, ct);
        var stackJob = await RunStackJobAsync(a, $"/api/v1/stacks/{stack}/up?wait=true", ct);
        return new MatrixObjects(container, containerId, network, volume, fx.Daemon.Image, registryId, job,
            stack, stackJob, $"{stack}-app-1", fx.TeamA, fx.OperatorA, token);
    }

    /// <summary>An image built by <paramref name="client"/> for <paramref name="team"/> from the test image (labelled with the team and the session): its repository (tag <c>v1</c>), id and build job.</summary>
    public static async Task<(string Repository, string Id, string Job)> BuildImageAsync(ApiFixture fx, HttpClient client, string team, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fx);
        ArgumentNullException.ThrowIfNull(client);
        var repository = $"portal-test-img/built{TestNames.Token()}";
        var content = new ByteArrayContent(DockerfileTar($"FROM {fx.Daemon.Image}\nRUN echo {repository} > /whose\n"));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        var label = Uri.EscapeDataString($"{TestLabels.Session}={fx.Daemon.SessionId}");
        var start = await client.PostAsync($"/api/v1/images/build?tag={Uri.EscapeDataString(repository + ":v1")}&label={label}&team={team}", content, ct);
        Assert.True(start.StatusCode == System.Net.HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync(ct));
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        using var events = await client.GetAsync($"/api/v1/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        await events.Content.ReadAsStringAsync(ct);
        return (repository, (await fx.Daemon.Client.Images.InspectImageAsync(repository + ":v1", ct)).ID, id);
    }

    /// <summary>A build context holding only <paramref name="dockerfile"/>, as a tar.</summary>
    public static byte[] DockerfileTar(string dockerfile)
    {
        var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "Dockerfile")
            {
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(dockerfile)),
            });
        }

        return tar.ToArray();
    }

    /// <summary>A one-service compose file (JSON is YAML) with the test image idling, everything labelled with the session.</summary>
    public static string Compose(ApiFixture fx, string project, Action<JsonObject>? service = null)
    {
        ArgumentNullException.ThrowIfNull(fx);
        var labels = new JsonObject { [TestLabels.Session] = fx.Daemon.SessionId };
        var app = new JsonObject
        {
            ["image"] = fx.Daemon.Image,
            ["command"] = new JsonArray("sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"),
            ["labels"] = labels.DeepClone(),
        };
        service?.Invoke(app);
        return new JsonObject
        {
            ["name"] = project,
            ["services"] = new JsonObject { ["app"] = app },
            ["networks"] = new JsonObject { ["default"] = new JsonObject { ["name"] = $"{project}_default", ["labels"] = labels.DeepClone() } },
        }.ToJsonString();
    }

    public static async Task SaveStackAsync(ApiFixture fx, HttpClient client, string project, string team, CancellationToken ct, Action<JsonObject>? service = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var created = await client.PostAsJsonAsync("/api/v1/stacks", new { name = project, team, files = new[] { new { name = "compose.yaml", content = Compose(fx, project, service) } } }, ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Starts a stack job, follows it to its end and returns its id; asserts it succeeded.</summary>
    public static async Task<string> RunStackJobAsync(HttpClient client, string url, CancellationToken ct, bool expectSuccess = true)
    {
        var (id, last) = await StackJobAsync(client, url, ct);
        Assert.True(!expectSuccess || last.GetProperty("state").GetString() == "succeeded", last.ToString());
        return id;
    }

    /// <summary>Starts a stack job and follows its NDJSON events to the last snapshot.</summary>
    public static async Task<(string Id, JsonElement Last)> StackJobAsync(HttpClient client, string url, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var start = await client.PostAsync(url, null, ct);
        Assert.True(start.StatusCode == System.Net.HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync(ct));
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("id").GetString()!;
        using var events = await client.GetAsync($"/api/v1/stacks/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        var last = default(JsonElement);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            last = JsonSerializer.Deserialize<JsonElement>(line, s_json);
        }

        Assert.True(last.ValueKind == JsonValueKind.Object && last.GetProperty("finished").GetBoolean(), $"stack job {id} did not finish: {last}");
        return (id, last);
    }

    /// <summary>One client per caller; the revoked one held a real token of team A's operator that was then revoked.</summary>
    public static async Task<Dictionary<MatrixCaller, HttpClient>> ClientsAsync(ApiFixture fx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fx);
        var revoked = await fx.Factory.ClientForAsync(fx.OperatorA, ApiFixture.Password, ct);
        using (var scope = fx.Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var tokens = scope.ServiceProvider.GetRequiredService<TokenStore>();
            var user = await users.FindByNameAsync(fx.OperatorA);
            var newest = (await tokens.ListAsync(user!.Id, ct)).OrderByDescending(t => t.Id).First();
            Assert.True(await tokens.RevokeAsync(user.Id, newest.Id, ct));
        }

        return new Dictionary<MatrixCaller, HttpClient>
        {
            [MatrixCaller.Admin] = fx.Admin,
            [MatrixCaller.OperatorA] = fx.AsOperatorA,
            [MatrixCaller.ViewerA] = fx.AsViewerA,
            [MatrixCaller.OperatorB] = fx.AsOperatorB,
            [MatrixCaller.ReadOnlyToken] = await fx.Factory.ClientForAsync(fx.OperatorA, ApiFixture.Password, ct, readOnly: true),
            [MatrixCaller.RevokedToken] = revoked,
            [MatrixCaller.Anonymous] = fx.Factory.CreateClient(),
        };
    }
}
