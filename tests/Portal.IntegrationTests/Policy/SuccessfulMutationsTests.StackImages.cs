using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Policy;

public sealed partial class SuccessfulMutationsTests
{
    /// <summary>
    /// <c>pull</c> and <c>build</c> of a stack: the pulled image comes from the loopback registry (never the
    /// internet), the built one from the stack's own files.
    /// </summary>
    private async Task StackImagesAsync(CancellationToken ct)
    {
        var a = fx.AsOperatorA;
        var repo = $"{TestRegistry.Address}/portal-test-matrix/{TestNames.Token()}";
        var id = await fx.Daemon.CreateAsync(repo, "v1", ct, run: ["sh", "-c", "echo stack-pull > /payload"]);
        await fx.Daemon.Client.Images.PushImageAsync(repo, new ImagePushParameters { Tag = "v1" }, new AuthConfig(), new SyncProgress<JSONMessage>(_ => { }), ct);
        await fx.Daemon.Client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, ct);

        var pulled = "okpull" + TestNames.Token();
        var pullFiles = new[] { new { name = "compose.yaml", content = MatrixWorld.Compose(fx, pulled, s => s["image"] = $"{repo}:v1") } };
        await OkAsync("POST /api/v1/stacks/", a.PostAsJsonAsync("/api/v1/stacks", new { name = pulled, team = fx.TeamA, files = pullFiles }, ct), ct);
        await StackJobAsync("POST /api/v1/stacks/{name}/pull", $"/api/v1/stacks/{pulled}/pull", ct);
        Assert.Equal(id, (await fx.Daemon.Client.Images.InspectImageAsync($"{repo}:v1", ct)).ID);

        var built = "okbuild" + TestNames.Token();
        var tag = $"portal-test-matrix/{built}:v1";
        var compose = MatrixWorld.Compose(fx, built, s =>
        {
            s["image"] = tag;
            s["build"] = new JsonObject { ["context"] = "app" };
        });
        var buildFiles = new[]
        {
            new { name = "compose.yaml", content = compose },
            new { name = "app/Dockerfile", content = $"FROM {fx.Daemon.Image}\nLABEL {TestLabels.Session}={fx.Daemon.SessionId}\nRUN echo built-by-stack > /built\n" },
        };
        await OkAsync("POST /api/v1/stacks/", a.PostAsJsonAsync("/api/v1/stacks", new { name = built, team = fx.TeamA, files = buildFiles }, ct), ct);
        await StackJobAsync("POST /api/v1/stacks/{name}/build", $"/api/v1/stacks/{built}/build", ct);
        Assert.Equal(fx.TeamA, (await fx.Daemon.Client.Images.InspectImageAsync(tag, ct)).Config!.Labels!["io.portal.team"]);
    }
}
