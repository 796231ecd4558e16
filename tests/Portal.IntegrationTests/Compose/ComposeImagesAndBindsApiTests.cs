using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

            // docker compose pull: pulls again (the image is there; the registry still answers), as a job with per-service progress.
            var pull = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/pull", ct);
            Assert.True(pull.State == "succeeded", pull.Error);
            Assert.Contains(pull.Events, e => e.Service == "app" && e.Status == "pulled");
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
}
