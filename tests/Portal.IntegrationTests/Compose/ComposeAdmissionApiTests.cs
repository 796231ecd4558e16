using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Compose.ComposeApiClient;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Compose;

/// <summary>
/// Compose services meet the run form's admission through REST: each refused option refuses the whole deploy,
/// naming service, key and rule, with nothing created; the plan is refused the same way; a plain service deploys.
/// </summary>
public sealed class ComposeAdmissionApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string, string, string> Refused => new()
    {
        { "privileged", """{"privileged": true}""", "privileged", "no-privileged" },
        { "bind outside prefixes", """{"volumes": [{"type": "bind", "source": "/etc", "target": "/host-etc", "read_only": true}]}""", "volumes", "no-host-binds" },
        { "docker socket", """{"volumes": [{"type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock"}]}""", "volumes", "no-docker-socket" },
        { "host network", """{"network_mode": "host"}""", "network_mode", "no-host-namespaces" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Up_RefusedOption_RefusesTheDeployNamingServiceKeyAndRule_CreatesNothing(string option, string extra, string key, string rule)
    {
        var ct = TestContext.Current.CancellationToken;
        var project = $"adm{TestNames.Token()}";
        var doc = OneService(fx, project, JsonNode.Parse(extra)!.AsObject());
        if (option == "host network")
        {
            doc.Remove("networks");
        }

        await SaveAsync(fx.AsOperatorA, project, fx.TeamA, "compose.json", doc.ToJsonString(), ct);
        try
        {
            var plan = await fx.AsOperatorA.GetAsync($"/api/v1/stacks/{project}/plan", ct);
            var planDetail = await AssertRefusedAsync(plan, rule, ct);
            Assert.Contains($"Service 'app' (key '{key}') is refused by rule", planDetail, StringComparison.Ordinal);

            var up = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);

            Assert.Equal("failed", up.State);
            Assert.Contains($"Service 'app' (key '{key}') is refused by rule '{rule}'", up.Error, StringComparison.Ordinal);
            Assert.Equal((0, 0, 0), await ProjectObjectsAsync(fx, project, ct));
        }
        finally
        {
            await DownQuietlyAsync(fx.AsOperatorA, project);
        }
    }

    [Fact]
    public async Task Up_Control_PlainServiceDeploys_WithThePolicysDefaultMemoryLimit_AndAllowedImagesIsChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = $"adm{TestNames.Token()}";
        await SaveAsync(fx.AsOperatorA, project, fx.TeamA, "compose.json", OneService(fx, project).ToJsonString(), ct);
        try
        {
            await PutPolicyAsync(fx, new { defaultMemoryBytes = 48L * 1024 * 1024 }, ct);
            var up = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);
            Assert.True(up.State == "succeeded", up.Error);
            var container = Assert.Single(await ProjectContainersAsync(fx, project, ct));
            var inspect = await fx.Daemon.Client.Containers.InspectContainerAsync(container.ID, ct);
            Assert.Equal(48L * 1024 * 1024, inspect.HostConfig!.Memory);

            // The same stack once the admin allows only another registry's images: refused, the running container untouched.
            await PutPolicyAsync(fx, new { allowedImages = new[] { "127.0.0.1:1/only-this/" } }, ct);
            var refused = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up?forceRecreate=true", ct);
            Assert.Equal("failed", refused.State);
            Assert.Contains("Service 'app' (key 'image') is refused by rule 'allowed-images'", refused.Error, StringComparison.Ordinal);
            Assert.Equal(container.ID, Assert.Single(await ProjectContainersAsync(fx, project, ct)).ID);
        }
        finally
        {
            await PutPolicyAsync(fx, new { }, CancellationToken.None);
            await DownQuietlyAsync(fx.AsOperatorA, project);
        }
    }

    [Fact]
    public async Task Up_And_Scale_OverTeamQuota_AreRefusedWithUseAndLimit_CreatingNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = "cq-" + TestNames.Token();
        var user = "cqop-" + TestNames.Token();
        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        await fx.CreateUserAsync(user, "Operator", team, ct);
        var quota = await fx.Admin.PutAsJsonAsync($"/api/v1/teams/{team}/quota", new { maxContainers = 2, maxMemoryBytes = 96L * 1024 * 1024 }, ct);
        Assert.True(quota.IsSuccessStatusCode, await quota.Content.ReadAsStringAsync(ct));
        var op = await fx.Factory.ClientForAsync(user, ApiFixture.Password, ct);
        var limited = new JsonObject { ["deploy"] = new JsonObject { ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = "32m" } } } };

        var three = $"cq{TestNames.Token()}";
        var threeDoc = OneService(fx, three, limited);
        threeDoc["services"]!["app"]!["scale"] = 3;
        await SaveAsync(op, three, team, "compose.json", threeDoc.ToJsonString(), ct);
        var unlimited = $"cq{TestNames.Token()}";
        await SaveAsync(op, unlimited, team, "compose.json", OneService(fx, unlimited).ToJsonString(), ct);
        var one = $"cq{TestNames.Token()}";
        await SaveAsync(op, one, team, "compose.json", OneService(fx, one, limited).ToJsonString(), ct);
        try
        {
            var over = await RunJobAsync(op, $"/api/v1/stacks/{three}/up", ct);
            Assert.Equal("failed", over.State);
            Assert.Contains($"Stack '{three}' is refused, so nothing was deployed: Refused by rule 'team-quota': team '{team}' uses 0 of 2 containers; this needs 3 more.", over.Error, StringComparison.Ordinal);
            Assert.Equal((0, 0, 0), await ProjectObjectsAsync(fx, three, ct));

            var noLimit = await RunJobAsync(op, $"/api/v1/stacks/{unlimited}/up", ct);
            Assert.Equal("failed", noLimit.State);
            Assert.Contains("needs a memory limit", noLimit.Error, StringComparison.Ordinal);
            Assert.Equal((0, 0, 0), await ProjectObjectsAsync(fx, unlimited, ct));

            var control = await RunJobAsync(op, $"/api/v1/stacks/{one}/up", ct);
            Assert.True(control.State == "succeeded", control.Error);
            var atLimit = await RunJobAsync(op, $"/api/v1/stacks/{one}/scale", ct, new { service = "app", replicas = 2 });
            Assert.True(atLimit.State == "succeeded", atLimit.Error);
            var scaled = await RunJobAsync(op, $"/api/v1/stacks/{one}/scale", ct, new { service = "app", replicas = 3 });
            Assert.Equal("failed", scaled.State);
            Assert.Contains($"team '{team}' uses 2 of 2 containers; this needs 1 more", scaled.Error, StringComparison.Ordinal);
            Assert.Equal(2, (await ProjectContainersAsync(fx, one, ct)).Count);
        }
        finally
        {
            foreach (var project in new[] { three, unlimited, one })
            {
                await DownQuietlyAsync(op, project);
            }
        }
    }
}
