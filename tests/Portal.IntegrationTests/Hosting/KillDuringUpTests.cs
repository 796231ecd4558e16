using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Microsoft.Data.Sqlite;
using Portal.Engine.Compose.Model;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Hosting;

/// <summary>
/// A Portal process killed with SIGKILL in the middle of a compose <c>up</c>: after a restart on
/// the same data folder the database is intact, the interrupted job is gone, a second <c>up</c>
/// converges and the plan after it is a no-op.
/// </summary>
public sealed class KillDuringUpTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>
{
    private const string Password = "kill-test-admin-password";
    private const int Services = 5;
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task KilledMidUp_RestartsIntact_SecondUpConverges_PlanIsNoop()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("portal-kill-");
        var port = FreePorts.Next();
        var project = "kill-" + Guid.NewGuid().ToString("N")[..8];
        Process? portal = null;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            portal = await StartAsync(data.FullName, port, http, ct);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, ct));
            var team = "kill-team-" + project;
            (await http.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
            var saved = await http.PostAsJsonAsync("/api/v1/stacks", new { name = project, team, files = new[] { new { name = "compose.yaml", content = Document(project).ToJsonString() } } }, ct);
            Assert.True(saved.StatusCode == HttpStatusCode.Created, await saved.Content.ReadAsStringAsync(ct));

            var started = await http.PostAsync($"/api/v1/stacks/{project}/up", null, ct);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var job = (await started.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("id").GetString()!;
            // Mid-way: some services made, not all (each waits for the one before to be healthy).
            await Poll.UntilAsync(async c => (await ProjectContainersAsync(project, c)).Count is > 0 and < Services, "the up to be under way", ct, TimeSpan.FromSeconds(60));
            portal.Kill();
            await portal.WaitForExitAsync(ct);
            portal.Dispose();
            Assert.True((await ProjectContainersAsync(project, ct)).Count < Services, "the up finished before the kill: the test proves nothing");

            Assert.Equal("ok", await IntegrityAsync(Path.Combine(data.FullName, "portal.db"), ct));
            portal = await StartAsync(data.FullName, port, http, ct);

            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/stacks/jobs/{job}", ct)).StatusCode);
            var again = await http.PostAsync($"/api/v1/stacks/{project}/up?wait=true", null, ct);
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            var second = (await again.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("id").GetString()!;
            var finished = await Poll.UntilAsync(async c =>
            {
                var state = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/stacks/jobs/{second}", s_json, c)).GetProperty("state").GetString();
                return state == "running" ? null : state;
            }, "the second up to finish", ct, TimeSpan.FromSeconds(90));
            Assert.Equal("succeeded", finished);
            var containers = await ProjectContainersAsync(project, ct);
            Assert.Equal(Services, containers.Count);
            Assert.All(containers, c => Assert.Equal("running", c.State));
            var plan = await http.GetFromJsonAsync<JsonElement>($"/api/v1/stacks/{project}/plan", s_json, ct);
            Assert.True(plan.GetProperty("isNoop").GetBoolean(), plan.GetProperty("text").GetString());
            Assert.Equal("ok", await IntegrityAsync(Path.Combine(data.FullName, "portal.db"), ct));
        }
        finally
        {
            if (portal is { HasExited: false })
            {
                portal.Kill();
                await portal.WaitForExitAsync(CancellationToken.None);
            }

            portal?.Dispose();
            await RemoveProjectAsync(project);
            SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    /// <summary>A chain of services, each started only once the one before reports healthy: an up that takes seconds.</summary>
    private JsonObject Document(string project)
    {
        var services = new JsonObject();
        for (var i = 0; i < Services; i++)
        {
            var service = new JsonObject
            {
                ["image"] = daemon.Image,
                ["command"] = new JsonArray("sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"),
                ["labels"] = new JsonObject { [TestLabels.Session] = daemon.SessionId },
                ["healthcheck"] = new JsonObject { ["test"] = new JsonArray("CMD", "true"), ["interval"] = "1s", ["start_period"] = "1s" },
            };
            if (i > 0)
            {
                service["depends_on"] = new JsonObject { [$"s{i - 1}"] = new JsonObject { ["condition"] = "service_healthy" } };
            }

            services[$"s{i}"] = service;
        }

        return new JsonObject
        {
            ["name"] = project,
            ["services"] = services,
            ["networks"] = new JsonObject { ["default"] = new JsonObject { ["name"] = $"{project}_default", ["labels"] = new JsonObject { [TestLabels.Session] = daemon.SessionId } } },
        };
    }

    private static async Task<Process> StartAsync(string data, int port, HttpClient http, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PORTAL_BIND"] = "127.0.0.1",
                ["PORTAL_PORT"] = port.ToString(CultureInfo.InvariantCulture),
                ["PORTAL_DATA"] = data,
                ["PORTAL_ADMIN_PASSWORD"] = Password,
                ["PORTAL_ADMIN_SOCKET"] = "",
                ["PORTAL_ENGINE"] = DaemonFixture.DefaultEndpoint.ToString(),
                ["PORTAL_HELPER_IMAGE"] = TestImage.Name,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        var process = Process.Start(start)!;
        // Drain the output so a chatty child never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await Poll.UntilAsync(async c =>
        {
            Assert.False(process.HasExited, "Portal exited while starting");
            try
            {
                var ready = await http.GetFromJsonAsync<JsonElement>("/readyz", s_json, c);
                return ready.GetProperty("checks").GetProperty("engine:local").GetProperty("status").GetString() == "Healthy";
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "Portal to be ready", ct, TimeSpan.FromSeconds(60));
        return process;
    }

    private static async Task<string> TokenAsync(HttpClient http, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = Password, name = "kill" }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("token").GetString()!;
    }

    private static async Task<string> IntegrityAsync(string file, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<IList<ContainerListResponse>> ProjectContainersAsync(string project, CancellationToken ct) =>
        await daemon.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true } },
        }, ct);

    private async Task RemoveProjectAsync(string project)
    {
        foreach (var container in await ProjectContainersAsync(project, CancellationToken.None))
        {
            await daemon.Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }

        var networks = await daemon.Client.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true } },
        }, CancellationToken.None);
        foreach (var network in networks)
        {
            await daemon.Client.Networks.DeleteNetworkAsync(network.ID, CancellationToken.None);
        }
    }
}
