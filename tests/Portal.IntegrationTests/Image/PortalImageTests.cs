using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using Portal.Engine.Labels;
using Portal.Engine.Resources;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Image;

/// <summary>
/// The collection of the image tests: they build and run Portal's image, and run alone, because the upgrade
/// leaves the data volume and network unused for a moment and other tests prune unused volumes and networks as admin.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PortalImageCollection : ICollectionFixture<PortalImageFixture>
{
    public const string Name = "Portal image";
}

/// <summary>
/// Portal as users run it: the image from docker/Dockerfile, started as docker/compose.yaml describes (socket
/// mounted, a fresh data volume, port on 127.0.0.1, the admin password from the environment), driven over HTTP.
/// It runs a container, refuses to take itself down, and keeps users, teams, stacks, tokens and its Data
/// Protection keys across a restart and an upgrade to a second build over the same volume.
/// </summary>
[Collection(PortalImageCollection.Name)]
public sealed class PortalImageTests(PortalImageFixture fx)
{
    private const string AdminPassword = "image-admin-password-1";
    private const string MemberPassword = "image-member-password-1";
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Image_RunsAContainer_NeverStopsItself_KeepsEverythingAcrossRestartAndUpgrade()
    {
        using var timeout = fx.Daemon.LinkedTimeout(TestTimeout, TestContext.Current.CancellationToken);
        var ct = timeout.Token;
        var engine = fx.Daemon.Client;
        var suffix = TestNames.Token();
        var (volume, network) = await CreateVolumeAndNetworkAsync(suffix, ct);
        var port = FreePorts.Next();
        var compose = ComposeFileService.Load(Variables(fx.Image, port));

        // compose.yaml's promises, as Portal's own loader reads them.
        Assert.Equal("unless-stopped", compose.Service.Restart);
        Assert.All(compose.Service.Ports, p => Assert.Equal("127.0.0.1", p.HostIp));
        Assert.Contains(compose.Service.Volumes, m => m.Source == "/var/run/docker.sock" && m.Target == "/var/run/docker.sock");
        Assert.Contains(compose.Service.Volumes, m => m.Type == "volume" && m.Target == "/data");
        Assert.Contains("/healthz", string.Join(' ', compose.Service.Healthcheck!.Test), StringComparison.Ordinal);
        Assert.Equal(AdminPassword, compose.Service.Environment["PORTAL_ADMIN_PASSWORD"]);

        var image = await engine.Images.InspectImageAsync(fx.Image, ct);
        Assert.Equal("portal", image.Config!.User);
        Assert.Equal("true", image.Config!.Labels![PortalLabels.Self]);

        var name = "portal-image-" + suffix;
        var started = await StartAsync(compose, name, volume, network, ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitReadyAsync(http, name, ct);
        var startup = started.Elapsed;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(http, "admin", AdminPassword, ct));

        // What must survive: a team, a member, a stack, a registry login (Data Protection), the token above.
        var team = "img-" + suffix;
        var member = "img-op-" + suffix;
        var stack = "img-stack-" + suffix;
        await PostOkAsync(http, "/api/v1/teams", new { name = team }, ct);
        await PostOkAsync(http, "/api/v1/users", new { username = member, password = MemberPassword, role = "Operator", teams = new[] { team } }, ct);
        await PostOkAsync(http, "/api/v1/stacks", new { name = stack, team, files = new[] { new { name = "compose.yaml", content = $"services:\n  app:\n    image: {fx.Daemon.Image}\n    command: [sleep, '600']\n" } } }, ct);
        var registry = (await PostOkAsync(http, "/api/v1/registries", new { name = "img-" + suffix, url = "127.0.0.1:9", userName = "u", secret = "kept-secret", team }, ct)).GetProperty("id").GetInt32();

        // It drives the engine through the mounted socket: run a container.
        var worker = "img-run-" + suffix;
        await PostOkAsync(http, "/api/v1/containers", new { image = fx.Daemon.Image, name = worker, command = new[] { "sleep", "600" }, team, labels = fx.Daemon.SessionLabels }, ct);
        Assert.True((await engine.Containers.InspectContainerAsync(worker, ct)).State!.Running);

        await AssertNeverStopsItselfAsync(http, name, volume, network, $"label {PortalLabels.Self}=true", ct);

        // The compose health check passes inside the container (asked directly: its first run is 30 s away).
        var health = await ContainerExec.RunAsync(engine, name, [.. compose.Service.Healthcheck.Test.Skip(1)], ct);
        Assert.True(health.ExitCode == 0, $"health check: {health.Stdout} {health.Stderr}");

        // Restart: everything kept.
        await engine.Containers.RestartContainerAsync(name, new ContainerRestartParameters { WaitBeforeKillSeconds = 10 }, ct);
        await WaitReadyAsync(http, name, ct);
        await AssertKeptAsync(http, team, member, stack, registry, worker, ct);

        // Upgrade as `docker compose pull && up -d` does it: a second build, the container recreated over the same volume.
        // This one has the io.portal.self label turned off, so only its own container id (from its mount table) protects it.
        var upgrade = await fx.BuildAsync("2.0.0-test", ct);
        await engine.Containers.StopContainerAsync(name, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, ct);
        await engine.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters(), ct);
        var unlabelled = new Dictionary<string, string>(fx.Daemon.SessionLabels) { [PortalLabels.Self] = "false" };
        await StartAsync(ComposeFileService.Load(Variables(upgrade, port)), name, volume, network, ct, unlabelled);
        await WaitReadyAsync(http, name, ct);
        Assert.Equal(upgrade, (await engine.Containers.InspectContainerAsync(name, ct)).Config!.Image);
        await AssertKeptAsync(http, team, member, stack, registry, worker, ct);
        Assert.Contains("Database ready (0 migrations applied)", await LogsAsync(name, ct), StringComparison.Ordinal);
        await AssertNeverStopsItselfAsync(http, name, volume, network, "the container Portal runs in", ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"image {fx.Image}: {image.Size / 1_000_000} MB, first build {fx.FirstBuild.TotalSeconds:F0} s, start to sign-in page {startup.TotalSeconds:F1} s");
    }

    /// <summary>
    /// An upgrade that has migrations to apply: a volume holding portal.db as an older Portal left it (only the first
    /// migration, an admin and a team in that schema), put into the volume before the first start as the image's user owns it.
    /// </summary>
    [Fact]
    public async Task Image_OverAnOlderDatabase_AppliesEveryPendingMigration_KeepsItsUsersAndTeams()
    {
        using var timeout = fx.Daemon.LinkedTimeout(TestTimeout, TestContext.Current.CancellationToken);
        var ct = timeout.Token;
        var engine = fx.Daemon.Client;
        var suffix = TestNames.Token();
        var (admin, team) = ("legacy-admin-" + suffix, "legacy-team-" + suffix);
        await using var legacy = await LegacyDatabase.CreateAsync(admin, AdminPassword, team, ct);
        Assert.True(legacy.AllMigrations.Count > 1, "this build has a single migration: nothing to upgrade from");
        Assert.Equal([legacy.Migration], await LegacyDatabase.ReadHistoryAsync(legacy.Path, ct));

        var (volume, network) = await CreateVolumeAndNetworkAsync(suffix, ct);
        var port = FreePorts.Next();
        var name = "portal-image-legacy-" + suffix;
        var created = await engine.Containers.CreateContainerAsync(ComposeFileService.Load(Variables(fx.Image, port)).ToParameters(name, volume, network, fx.Daemon.SessionLabels), ct);
        await using (var archive = await legacy.ToArchiveAsync(ct))
        {
            await engine.Containers.ExtractArchiveToContainerAsync(created.ID, new CopyToContainerParameters { Path = "/data" }, archive, ct);
        }

        await engine.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitReadyAsync(http, name, ct);

        // The admin of the old schema signs in (so no new admin was seeded over it) and finds its team and itself.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(http, admin, AdminPassword, ct));
        var teams = await http.GetFromJsonAsync<JsonElement>("/api/v1/teams", s_json, ct);
        Assert.Contains(teams.EnumerateArray(), t => t.GetProperty("name").GetString() == team);
        var users = await http.GetFromJsonAsync<JsonElement>("/api/v1/users", s_json, ct);
        Assert.Equal([admin], users.EnumerateArray().Select(u => u.GetProperty("userName").GetString()));
        Assert.Contains($"Database ready ({legacy.AllMigrations.Count - 1} migrations applied)", await LogsAsync(name, ct), StringComparison.Ordinal);

        // The file in the volume, read back after a clean stop: every migration this build knows is recorded.
        await engine.Containers.StopContainerAsync(name, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, ct);
        var copy = Directory.CreateTempSubdirectory("portal-image-legacy-");
        try
        {
            var data = await engine.Containers.GetArchiveFromContainerAsync(name, new ContainerPathStatParameters { Path = "/data" }, statOnly: false, ct);
            // Buffered first: read straight from the engine client's chunked stream, the tar reader met an early end of stream.
            using var tar = new MemoryStream();
            await using (var stream = data.Stream ?? throw new InvalidOperationException("the engine sent no archive of /data"))
            {
                await stream.CopyToAsync(tar, ct);
            }

            tar.Position = 0;
            await TarFile.ExtractToDirectoryAsync(tar, copy.FullName, overwriteFiles: false, ct);

            Assert.Equal(legacy.AllMigrations, await LegacyDatabase.ReadHistoryAsync(Path.Combine(copy.FullName, "data", "portal.db"), ct));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private IReadOnlyDictionary<string, string> Variables(string image, int port) => new Dictionary<string, string>
    {
        ["PORTAL_IMAGE"] = image,
        ["PORTAL_HOST_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PORTAL_ADMIN_PASSWORD"] = AdminPassword,
        ["DOCKER_GID"] = fx.SocketGroup,
    };

    private async Task<(string Volume, string Network)> CreateVolumeAndNetworkAsync(string suffix, CancellationToken ct)
    {
        var labels = new Dictionary<string, string>(fx.Daemon.SessionLabels);
        var volume = await fx.Daemon.Client.Volumes.CreateAsync(new VolumesCreateParameters { Name = "portal-image-data-" + suffix, Labels = labels }, ct);
        await fx.Daemon.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = "portal-image-net-" + suffix, Labels = labels }, ct);
        return (volume.Name, "portal-image-net-" + suffix);
    }

    private async Task<Stopwatch> StartAsync(ComposeFileService compose, string name, string volume, string network, CancellationToken ct, IReadOnlyDictionary<string, string>? labels = null)
    {
        var created = await fx.Daemon.Client.Containers.CreateContainerAsync(compose.ToParameters(name, volume, network, labels ?? fx.Daemon.SessionLabels), ct);
        var clock = Stopwatch.StartNew();
        await fx.Daemon.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
        return clock;
    }

    /// <summary>Waits for the sign-in page; fails with the container's log when it exits or takes too long.</summary>
    private async Task WaitReadyAsync(HttpClient http, string name, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/login", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            var state = (await fx.Daemon.Client.Containers.InspectContainerAsync(name, ct)).State!;
            if (clock.Elapsed > StartTimeout || (!state.Running && !state.Restarting))
            {
                Assert.Fail($"Portal's container is not serving /login after {clock.Elapsed.TotalSeconds:F0} s (state {state.Status}, exit {state.ExitCode}):\n{await LogsAsync(name, ct)}");
            }

            await Task.Delay(250, ct);
        }
    }

    private async Task<string> LogsAsync(string name, CancellationToken ct)
    {
        using var stream = await fx.Daemon.Client.Containers.GetContainerLogsAsync(name, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, ct);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
        return stdout + stderr;
    }

    private static async Task<string> SignInAsync(HttpClient http, string user, string password, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password, name = "image-test" }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"sign-in as {user}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<JsonElement>(body, s_json).GetProperty("token").GetString()!;
    }

    private static async Task<JsonElement> PostOkAsync(HttpClient http, string path, object body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length > 0 ? JsonSerializer.Deserialize<JsonElement>(text, s_json) : default;
    }

    private static async Task AssertKeptAsync(HttpClient http, string team, string member, string stack, int registry, string worker, CancellationToken ct)
    {
        // The admin's token from before still signs requests in.
        var teams = await http.GetFromJsonAsync<JsonElement>("/api/v1/teams", s_json, ct);
        Assert.Contains(teams.EnumerateArray(), t => t.GetProperty("name").GetString() == team);
        var users = await http.GetFromJsonAsync<JsonElement>("/api/v1/users", s_json, ct);
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("userName").GetString() == member);
        await SignInAsync(http, member, MemberPassword, ct);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/stacks/{stack}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/containers/{worker}", ct)).StatusCode);

        // The registry secret was sealed with the key ring in the volume: testing the login unseals it (then finds nothing on port 9).
        using var test = await http.PostAsync($"/api/v1/registries/{registry}/test", null, ct);
        var result = await test.Content.ReadAsStringAsync(ct);
        Assert.True(test.IsSuccessStatusCode, $"registry test after restart: {(int)test.StatusCode} {result}");
    }

    /// <summary>
    /// Stop, remove, disconnect and the data volume's and network's removal through the API: 409 by rule, nothing
    /// stopped; <paramref name="why"/> is how Portal knew it was itself, as the refusal words it.
    /// </summary>
    private async Task AssertNeverStopsItselfAsync(HttpClient http, string name, string volume, string network, string why, CancellationToken ct)
    {
        var before = (await fx.Daemon.Client.Containers.InspectContainerAsync(name, ct)).State!.StartedAt;
        await AssertRefusedAsync(await http.PostAsync($"/api/v1/containers/{name}/stop", null, ct), "stop", why, ct);
        await AssertRefusedAsync(await http.PostAsync($"/api/v1/containers/{name}/restart", null, ct), "restart", why, ct);
        await AssertRefusedAsync(await http.DeleteAsync($"/api/v1/containers/{name}?force=true", ct), "remove", why, ct);
        await AssertRefusedAsync(await http.DeleteAsync($"/api/v1/volumes/{volume}", ct), "volume remove", why, ct);
        await AssertRefusedAsync(await http.DeleteAsync($"/api/v1/networks/{network}", ct), "network remove", why, ct);
        await AssertRefusedAsync(await http.PostAsJsonAsync($"/api/v1/networks/{network}/disconnect", new { container = name, force = true }, ct), "disconnect", why, ct);

        var after = await fx.Daemon.Client.Containers.InspectContainerAsync(name, ct);
        Assert.True(after.State!.Running);
        Assert.Equal(before, after.State.StartedAt);
        Assert.Contains(network, after.NetworkSettings!.Networks!.Keys);
        Assert.Contains(after.Mounts, m => m.Name == volume);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what, string why, CancellationToken ct)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{what}: {(int)response.StatusCode} {text}");
            var problem = JsonSerializer.Deserialize<JsonElement>(text, s_json);
            Assert.Equal(SelfProtection.Rule, problem.GetProperty("rule").GetString());
            Assert.Contains($"({why})", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
