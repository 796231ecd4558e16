using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Configuration;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Compose.ComposeApiClient;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Compose;

/// <summary>Up pulls what is missing from the loopback registry as pull_policy says; relative binds land in the stack's folder and meet bind-prefix admission.</summary>
public sealed class ComposeImagesAndBindsApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Up_MissingImage_IsPulledFromTheRegistry_PullPolicyNeverRefuses_StackPullPulls()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = $"{TestRegistry.Address}/portal-test-compose/{TestNames.Token()}";
        var image = $"{repo}:v1";
        var id = await fx.Daemon.CreateAsync(repo, "v1", ct);
        await fx.Daemon.Client.Images.PushImageAsync(repo, new ImagePushParameters { Tag = "v1" }, new AuthConfig(), new SyncProgress<JSONMessage>(_ => { }), ct);
        await fx.Daemon.Client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, ct);

        var never = $"pull{TestNames.Token()}";
        await SaveAsync(fx.AsOperatorA, never, fx.TeamA, "compose.json", OneService(fx, never, new JsonObject { ["image"] = image, ["pull_policy"] = "never" }).ToJsonString(), ct);
        var project = $"pull{TestNames.Token()}";
        await SaveAsync(fx.AsOperatorA, project, fx.TeamA, "compose.json", OneService(fx, project, new JsonObject { ["image"] = image }).ToJsonString(), ct);
        try
        {
            var refused = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{never}/up", ct);
            Assert.Equal("failed", refused.State);
            Assert.Contains($"Image '{image}' (service 'app') is not on this engine and its pull_policy is never", refused.Error, StringComparison.Ordinal);
            Assert.Equal((0, 0, 0), await ProjectObjectsAsync(fx, never, ct));

            var up = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);

            Assert.True(up.State == "succeeded", up.Error);
            Assert.Contains(up.Events, e => e.Resource == $"image:{image}" && e.Service == "app" && e.Status == "pulled");
            Assert.Equal(id, (await fx.Daemon.Client.Images.InspectImageAsync(image, ct)).ID);
            var container = Assert.Single(await ProjectContainersAsync(fx, project, ct));
            Assert.Equal("running", container.State);

            // docker compose pull: pulls again (the registry still answers), a stack job followed on the jobs hub with per-service progress.
            var start = await fx.AsOperatorA.PostAsync($"/api/v1/stacks/{project}/pull", null, ct);
            var job = (await start.Content.ReadFromJsonAsync<StackJobSnapshot>(ComposeApiClient.Json, ct))!;
            await using (var hub = await ConnectHubAsync(fx.AsOperatorA, ct))
            {
                StackJobSnapshot? last = null;
                await foreach (var snapshot in hub.StreamAsync<StackJobSnapshot>("WatchStack", job.Id, ct))
                {
                    last = snapshot;
                }

                Assert.True(last is { State: "succeeded" }, last?.Error);
                Assert.Contains(last!.Events, e => e.Service == "app" && e.Status == "pulled");
            }

            await using var other = await ConnectHubAsync(fx.AsOperatorB, ct);
            var hidden = await Assert.ThrowsAsync<HubException>(async () =>
            {
                await foreach (var unused in other.StreamAsync<StackJobSnapshot>("WatchStack", job.Id, ct))
                {
                    Assert.Fail("another team's stack job must not stream");
                }
            });
            Assert.Contains($"No job named '{job.Id}' was found.", hidden.Message, StringComparison.Ordinal);
        }
        finally
        {
            await DownQuietlyAsync(fx.AsOperatorA, project);
            await DownQuietlyAsync(fx.AsOperatorA, never);
            try
            {
                await fx.Daemon.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }, CancellationToken.None);
            }
            catch (Docker.DotNet.DockerApiException)
            {
                // Not pulled: nothing to remove.
            }
        }
    }

    [Fact]
    public async Task Up_RelativeBind_ResolvesUnderTheStackFolder_RefusedUntilTheAdminListsThatFolder()
    {
        var ct = TestContext.Current.CancellationToken;
        var stacksFolder = fx.Factory.Services.GetRequiredService<IOptions<EngineOptions>>().Value.StacksFolder;
        var project = $"bind{TestNames.Token()}";
        var yaml = $"""
            name: {project}
            services:
              app:
                image: {fx.Daemon.Image}
                command: ["sh", "-c", "echo written-by-app > /data/hello; trap 'exit 0' TERM; sleep 3600 & wait"]
                labels:
                  {TestLabels.Session}: "{fx.Daemon.SessionId}"
                volumes:
                  - ./data:/data
            networks:
              default:
                name: {project}_default
                labels:
                  {TestLabels.Session}: "{fx.Daemon.SessionId}"
            """;
        await SaveAsync(fx.AsOperatorA, project, fx.TeamA, "compose.yaml", yaml, ct);
        var folder = Path.Combine(stacksFolder, project);
        try
        {
            var refused = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);
            Assert.Equal("failed", refused.State);
            Assert.Contains($"Mounting host path '{folder}/data'", refused.Error, StringComparison.Ordinal);
            Assert.Contains("rule 'no-host-binds'", refused.Error, StringComparison.Ordinal);
            Assert.Equal((0, 0, 0), await ProjectObjectsAsync(fx, project, ct));

            await PutPolicyAsync(fx, new { bindPrefixes = new[] { new { path = stacksFolder, readWrite = true } } }, ct);
            var up = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);

            Assert.True(up.State == "succeeded", up.Error);
            var container = Assert.Single(await ProjectContainersAsync(fx, project, ct));
            var inspect = await fx.Daemon.Client.Containers.InspectContainerAsync(container.ID, ct);
            Assert.Contains($"{folder}/data:/data", inspect.HostConfig!.Binds);
            Assert.Equal(folder, container.Labels["com.docker.compose.project.working_dir"]);
            var hello = Path.Combine(folder, "data", "hello");
            for (var i = 0; i < 50 && !File.Exists(hello); i++)
            {
                await Task.Delay(100, ct);
            }

            Assert.Equal("written-by-app\n", await File.ReadAllTextAsync(hello, ct));
        }
        finally
        {
            await PutPolicyAsync(fx, new { }, CancellationToken.None);
            await DownQuietlyAsync(fx.AsOperatorA, project);
        }
    }

    [Fact]
    public async Task Plan_RelativeBindLeavingTheStackFolder_IsInvalid()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = $"bind{TestNames.Token()}";
        var doc = OneService(fx, project, new JsonObject { ["volumes"] = new JsonArray("../other:/data") });
        await SaveAsync(fx.AsOperatorA, project, fx.TeamA, "compose.json", doc.ToJsonString(), ct);

        var plan = await fx.AsOperatorA.GetAsync($"/api/v1/stacks/{project}/plan", ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, plan.StatusCode);
        Assert.Contains("services.app.volumes: bind source '../other' leaves the stack's folder", await plan.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_ServiceWithBuild_BuildsItFromTheStacksFiles_ThenRunsIt_AndStackBuildRebuilds()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = $"build{TestNames.Token()}";
        var image = $"{project}-app";
        var compose = $$"""
            name: {{project}}
            services:
              app:
                build:
                  context: ./app
                  args:
                    GREETING: built-by-compose
                  labels:
                    {{TestLabels.Session}}: "{{fx.Daemon.SessionId}}"
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                labels:
                  {{TestLabels.Session}}: "{{fx.Daemon.SessionId}}"
            networks:
              default:
                name: {{project}}_default
                labels:
                  {{TestLabels.Session}}: "{{fx.Daemon.SessionId}}"
            """;
        var dockerfile = $"FROM {fx.Daemon.Image}\nARG GREETING\nCOPY hello.txt /hello.txt\nRUN echo \"$GREETING\" > /greeting\n";
        var created = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/stacks", new
        {
            name = project,
            team = fx.TeamA,
            files = new[]
            {
                new { name = "compose.yaml", content = compose },
                new { name = "app/Dockerfile", content = dockerfile },
                new { name = "app/hello.txt", content = "hello from the stack's files\n" },
            },
        }, ct);
        Assert.True(created.StatusCode == System.Net.HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        try
        {
            var up = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);

            Assert.True(up.State == "succeeded", up.Error);
            Assert.Contains(up.Events, e => e.Resource == "build:app" && e.Status == "built");
            var container = Assert.Single(await ProjectContainersAsync(fx, project, ct));
            Assert.Equal("running", container.State);
            var built = await fx.Daemon.Client.Images.InspectImageAsync(image, ct);
            Assert.Equal(built.ID, (await fx.Daemon.Client.Containers.InspectContainerAsync(container.ID, ct)).Image);
            Assert.Equal(fx.TeamA, built.Config!.Labels!["io.portal.team"]);

            var rebuild = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/build", ct);
            Assert.True(rebuild.State == "succeeded", rebuild.Error);
            Assert.Contains($"app: built {image}", rebuild.Result!.Report, StringComparison.Ordinal);
        }
        finally
        {
            await DownQuietlyAsync(fx.AsOperatorA, project);
            try
            {
                await fx.Daemon.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }, CancellationToken.None);
            }
            catch (Docker.DotNet.DockerApiException)
            {
                // Not built: nothing to remove.
            }
        }
    }

    private Task<HubConnection> ConnectHubAsync(HttpClient client, CancellationToken ct) =>
        TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/jobs", TestHubClient.TokenOf(client), ct);
}
