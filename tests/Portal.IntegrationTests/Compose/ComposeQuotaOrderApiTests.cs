using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Portal.Engine.Labels;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Compose.ComposeApiClient;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Compose;

/// <summary>
/// Up runs admit → quota → pull/build → create, so a refused deploy fetches nothing; stack start checks the quota
/// like up; a changed default memory limit is in the config hash and recreates on the next up, the plan saying why.
/// </summary>
public sealed class ComposeQuotaOrderApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonObject s_limit32 = new() { ["deploy"] = new JsonObject { ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = "32m" } } } };

    [Fact]
    public async Task Up_OverQuota_WithAnImageOnlyInTheRegistry_IsRefusedAndPullsNothing_WithinQuotaItPulls()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = $"{TestRegistry.Address}/portal-test-compose-order/{TestNames.Token()}";
        var image = $"{repo}:v1";
        var id = await fx.Daemon.CreateAsync(repo, "v1", ct);
        await fx.Daemon.Client.Images.PushImageAsync(repo, new ImagePushParameters { Tag = "v1" }, new AuthConfig(), new SyncProgress<JSONMessage>(_ => { }), ct);
        await fx.Daemon.Client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, ct);
        var (team, op) = await TeamWithQuotaAsync("qo", new { maxContainers = 1 }, ct);
        var two = $"qo{TestNames.Token()}";
        var twoDoc = OneService(fx, two, new JsonObject { ["image"] = image, ["scale"] = 2 });
        await SaveAsync(op, two, team, "compose.json", twoDoc.ToJsonString(), ct);
        var one = $"qo{TestNames.Token()}";
        await SaveAsync(op, one, team, "compose.json", OneService(fx, one, new JsonObject { ["image"] = image }).ToJsonString(), ct);
        try
        {
            var refused = await RunJobAsync(op, $"/api/v1/stacks/{two}/up", ct);

            Assert.Equal("failed", refused.State);
            Assert.Contains($"Stack '{two}' is refused, so nothing was deployed: Refused by rule 'team-quota': team '{team}' uses 0 of 1 containers; this needs 2 more.", refused.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(refused.Events, e => e.Status is "pulling" or "pulled");
            Assert.False(await ImageExistsAsync(image, ct), "a deploy refused by the quota must not pull its image");
            Assert.Equal((0, 0, 0), await ProjectObjectsAsync(fx, two, ct));

            var up = await RunJobAsync(op, $"/api/v1/stacks/{one}/up", ct);

            Assert.True(up.State == "succeeded", up.Error);
            Assert.Contains(up.Events, e => e.Resource == $"image:{image}" && e.Status == "pulled");
            Assert.True(await ImageExistsAsync(image, ct));
        }
        finally
        {
            await DownQuietlyAsync(op, one);
            await DownQuietlyAsync(op, two);
            await RemoveImageQuietlyAsync(image);
        }
    }

    [Fact]
    public async Task Start_OverMemoryQuota_IsRefusedWithUseAndLimit_StartsNothing_WithinQuotaStarts()
    {
        var ct = TestContext.Current.CancellationToken;
        var (team, op) = await TeamWithQuotaAsync("qs", new { maxMemoryBytes = 64L * 1024 * 1024 }, ct);
        var stopped = $"qs{TestNames.Token()}";
        await SaveAsync(op, stopped, team, "compose.json", OneService(fx, stopped, s_limit32).ToJsonString(), ct);
        var full = $"qs{TestNames.Token()}";
        var fullDoc = OneService(fx, full, s_limit32);
        fullDoc["services"]!["app"]!["scale"] = 2;
        await SaveAsync(op, full, team, "compose.json", fullDoc.ToJsonString(), ct);
        try
        {
            Assert.Equal("succeeded", (await RunJobAsync(op, $"/api/v1/stacks/{stopped}/up", ct)).State);
            Assert.Equal("succeeded", (await RunJobAsync(op, $"/api/v1/stacks/{stopped}/stop", ct)).State);
            var filled = await RunJobAsync(op, $"/api/v1/stacks/{full}/up", ct);
            Assert.True(filled.State == "succeeded", filled.Error);

            var start = await RunJobAsync(op, $"/api/v1/stacks/{stopped}/start", ct);
            var restart = await RunJobAsync(op, $"/api/v1/stacks/{stopped}/restart", ct);

            Assert.Equal("failed", start.State);
            Assert.Contains($"Stack '{stopped}' is refused, so nothing was started: Refused by rule 'team-quota': team '{team}' uses 64 MiB of 64 MiB memory; this needs 32 MiB more.", start.Error, StringComparison.Ordinal);
            Assert.Equal("failed", restart.State);
            Assert.Contains("uses 64 MiB of 64 MiB memory", restart.Error, StringComparison.Ordinal);
            Assert.Equal("exited", Assert.Single(await ProjectContainersAsync(fx, stopped, ct)).State);

            Assert.Equal("succeeded", (await RunJobAsync(op, $"/api/v1/stacks/{full}/stop", ct)).State);
            var within = await RunJobAsync(op, $"/api/v1/stacks/{stopped}/start", ct);
            Assert.True(within.State == "succeeded", within.Error);
            Assert.Equal("running", Assert.Single(await ProjectContainersAsync(fx, stopped, ct)).State);
        }
        finally
        {
            await DownQuietlyAsync(op, full);
            await DownQuietlyAsync(op, stopped);
        }
    }

    [Fact]
    public async Task DefaultMemoryLimit_IsInTheConfigHash_AChangedDefaultRecreatesOnUp_ThePlanSaysWhy()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = $"qd{TestNames.Token()}";
        await SaveAsync(fx.AsOperatorA, project, fx.TeamA, "compose.json", OneService(fx, project).ToJsonString(), ct);
        try
        {
            await PutPolicyAsync(fx, new { defaultMemoryBytes = 64L * 1024 * 1024 }, ct);
            var first = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);
            Assert.True(first.State == "succeeded", first.Error);
            var before = await InspectAppAsync(project, ct);
            Assert.Equal(64L << 20, before.HostConfig!.Memory);
            Assert.Equal("memory=67108864", before.Config!.Labels[PortalLabels.ComposeAdmitted]);
            Assert.True((await PlanAsync(project, ct))["isNoop"]!.GetValue<bool>(), "same policy: nothing to do");

            await PutPolicyAsync(fx, new { defaultMemoryBytes = 96L * 1024 * 1024 }, ct);
            var plan = (await PlanAsync(project, ct))["text"]!.GetValue<string>();
            var second = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);

            Assert.Matches($@"recreate\s+service:app:1\s+{project}-app-1\s+\(admission changed: default memory limit 64 MiB -> default memory limit 96 MiB\)", plan);
            Assert.True(second.State == "succeeded", second.Error);
            var after = await InspectAppAsync(project, ct);
            Assert.NotEqual(before.ID, after.ID);
            Assert.Equal(96L << 20, after.HostConfig!.Memory);
            Assert.NotEqual(before.Config.Labels["com.docker.compose.config-hash"], after.Config!.Labels["com.docker.compose.config-hash"]);
        }
        finally
        {
            await PutPolicyAsync(fx, new { }, CancellationToken.None);
            await DownQuietlyAsync(fx.AsOperatorA, project);
        }
    }

    private async Task<(string Team, HttpClient Operator)> TeamWithQuotaAsync(string prefix, object quota, CancellationToken ct)
    {
        var team = $"{prefix}-{TestNames.Token()}";
        var user = $"{prefix}op-{TestNames.Token()}";
        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        await fx.CreateUserAsync(user, "Operator", team, ct);
        var set = await fx.Admin.PutAsJsonAsync($"/api/v1/teams/{team}/quota", quota, ct);
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync(ct));
        return (team, await fx.Factory.ClientForAsync(user, ApiFixture.Password, ct));
    }

    private async Task<JsonObject> PlanAsync(string project, CancellationToken ct) =>
        (await fx.AsOperatorA.GetFromJsonAsync<JsonObject>($"/api/v1/stacks/{project}/plan", ct))!;

    private async Task<ContainerInspectResponse> InspectAppAsync(string project, CancellationToken ct) =>
        await fx.Daemon.Client.Containers.InspectContainerAsync(Assert.Single(await ProjectContainersAsync(fx, project, ct)).ID, ct);

    private async Task<bool> ImageExistsAsync(string image, CancellationToken ct)
    {
        try
        {
            await fx.Daemon.Client.Images.InspectImageAsync(image, ct);
            return true;
        }
        catch (Docker.DotNet.DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task RemoveImageQuietlyAsync(string image)
    {
        try
        {
            await fx.Daemon.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }, CancellationToken.None);
        }
        catch (Docker.DotNet.DockerApiException)
        {
            // Never pulled: nothing to remove.
        }
    }
}
