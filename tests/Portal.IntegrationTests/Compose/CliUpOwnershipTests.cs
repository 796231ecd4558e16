using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Engine.Labels;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Compose;

/// <summary>
/// <c>docker-compose up</c> run over a Portal stack recreates its containers without Portal's
/// labels; the team that owns the project keeps seeing and acting on them, and nobody else sees them.
/// </summary>
public sealed class CliUpOwnershipTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task ContainersRecreatedByTheCli_StayTheOwningTeams()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = "cliown-" + Guid.NewGuid().ToString("N")[..8];
        var dir = Directory.CreateTempSubdirectory("portal-cli-own-");
        try
        {
            await ComposeApiClient.SaveAsync(fx.AsOperatorA, project, fx.TeamA, "compose.yaml", ComposeApiClient.OneService(fx, project).ToJsonString(), ct);
            var up = await ComposeApiClient.RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);
            Assert.True(up.State == "succeeded", string.Join("\n", up.Events.Select(e => e.ToString())));
            var portals = Assert.Single(await ComposeApiClient.ProjectContainersAsync(fx, project, ct));
            Assert.Equal(fx.TeamA, portals.Labels[PortalLabels.Team]);

            // The same service as the CLI reads it: no Portal labels, only the session's (so the fixture cleans it up).
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "docker-compose.yml"), $"""
                version: "3.7"
                services:
                  app:
                    image: {fx.Daemon.Image}
                    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                    labels:
                      {TestLabels.Session}: "{fx.Daemon.SessionId}"
                """, ct);
            var (code, _, stderr) = await DockerCli.RunToolAsync("docker-compose", ["-p", project, "up", "-d", "--force-recreate", "--no-build"], ct, dir.FullName);
            Assert.True(code == 0, stderr);
            var clis = Assert.Single(await ComposeApiClient.ProjectContainersAsync(fx, project, ct));
            Assert.NotEqual(portals.ID, clis.ID);
            Assert.False(clis.Labels.ContainsKey(PortalLabels.Team), "the CLI kept Portal's team label: the premise of this test is gone");
            Assert.False(clis.Labels.ContainsKey(PortalLabels.Owner));

            // The team's members see it in their list (from the catalog) and by id, and may act on it.
            await Poll.UntilAsync(async c => (await ListedIdsAsync(fx.AsViewerA, c)).Contains(clis.ID), "the recreated container in team A's list", ct);
            var read = await fx.AsViewerA.GetFromJsonAsync<JsonElement>($"/api/v1/containers/{clis.ID}", s_json, ct);
            Assert.Equal(fx.TeamA, read.GetProperty("summary").GetProperty("team").GetString());
            var stop = await fx.AsOperatorA.PostAsync($"/api/v1/containers/{clis.ID}/stop?t=1", null, ct);
            Assert.True(stop.StatusCode == HttpStatusCode.NoContent, await stop.Content.ReadAsStringAsync(ct));

            // Another team still cannot tell it exists.
            Assert.DoesNotContain(clis.ID, await ListedIdsAsync(fx.AsOperatorB, ct));
            Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.GetAsync($"/api/v1/containers/{clis.ID}", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.PostAsync($"/api/v1/containers/{clis.ID}/start", null, ct)).StatusCode);
        }
        finally
        {
            await DockerCli.RunToolAsync("docker-compose", ["-p", project, "down", "-t", "1"], CancellationToken.None, dir.FullName);
            await ComposeApiClient.DownQuietlyAsync(fx.AsOperatorA, project);
            await fx.AsOperatorA.DeleteAsync($"/api/v1/stacks/{project}", CancellationToken.None);
            dir.Delete(recursive: true);
        }
    }

    private static async Task<List<string>> ListedIdsAsync(HttpClient client, CancellationToken ct) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/v1/containers?all=true", s_json, ct)).EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
}
