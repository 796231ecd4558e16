// Docker.DotNet marks inspect members nullable; a null here is a failed test either way.
#pragma warning disable CS8602
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Compose;

public sealed class StackUpTests(EngineFixture fixture) : StackTestBase(fixture)
{
    private JsonObject ThreeServices(string project, int port, string greeting) => new()
    {
        ["name"] = project,
        ["services"] = new JsonObject
        {
            ["db"] = Sleeper(new JsonObject
            {
                ["environment"] = new JsonObject { ["GREETING"] = greeting },
                ["healthcheck"] = new JsonObject { ["test"] = new JsonArray("CMD-SHELL", "test -d /data"), ["interval"] = "1s", ["timeout"] = "30s", ["retries"] = 5 },
                ["networks"] = new JsonObject { ["back"] = null },
                ["volumes"] = new JsonArray(new JsonObject { ["type"] = "volume", ["source"] = "data", ["target"] = "/data" }),
                ["restart"] = "unless-stopped",
                ["deploy"] = new JsonObject { ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = "64m" } } },
            }),
            ["api"] = Sleeper(new JsonObject
            {
                ["depends_on"] = new JsonObject { ["db"] = new JsonObject { ["condition"] = "service_healthy", ["required"] = true, ["restart"] = false } },
                ["networks"] = new JsonObject { ["back"] = null, ["front"] = new JsonObject { ["aliases"] = new JsonArray("backend") } },
            }),
            ["web"] = new JsonObject
            {
                ["image"] = Fixture.Daemon.Image,
                ["command"] = new JsonArray("httpd", "-f", "-p", "8080"),
                ["labels"] = SessionLabels(),
                ["depends_on"] = new JsonObject { ["api"] = new JsonObject { ["condition"] = "service_started", ["required"] = true, ["restart"] = false } },
                ["ports"] = new JsonArray(new JsonObject { ["mode"] = "ingress", ["host_ip"] = "127.0.0.1", ["target"] = 8080, ["published"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["protocol"] = "tcp" }),
                ["networks"] = new JsonObject { ["front"] = null },
            },
        },
        ["networks"] = new JsonObject
        {
            ["front"] = new JsonObject { ["name"] = $"{project}_front", ["labels"] = SessionLabels() },
            ["back"] = new JsonObject { ["name"] = $"{project}_back", ["labels"] = SessionLabels() },
        },
        ["volumes"] = new JsonObject { ["data"] = new JsonObject { ["name"] = $"{project}_data", ["labels"] = SessionLabels() } },
    };

    [Fact]
    public async Task Up_ThreeServices_CreatesWhatComposeWouldThenUpAgainTouchesNothingThenDownRemovesAll()
    {
        var project = NewProject();
        var port = FreePorts.Next();
        await SaveAsync(Actors.OperatorA, project, ThreeServices(project, port, "hello"));
        var events = new List<ComposeEvent>();

        var result = await Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions { Wait = true }, Events(events), Token);

        Assert.Contains($"create   service:db:1", result.Plan, StringComparison.Ordinal);
        var containers = await ProjectContainersAsync(project);
        Assert.Equal([$"/{project}-api-1", $"/{project}-db-1", $"/{project}-web-1"], containers.Select(c => c.Names[0]).Order(StringComparer.Ordinal));
        var db = await Fixture.Daemon.Client.Containers.InspectContainerAsync($"{project}-db-1", Token);
        Assert.Equal(project, db.Config.Labels[ComposeLabels.Project]);
        Assert.Equal("db", db.Config.Labels[ComposeLabels.Service]);
        Assert.Equal("1", db.Config.Labels[ComposeLabels.ContainerNumber]);
        Assert.Equal("False", db.Config.Labels[ComposeLabels.Oneoff]);
        Assert.Matches("^[0-9a-f]{64}$", db.Config.Labels[ComposeLabels.ConfigHash]);
        Assert.Equal(db.Image, db.Config.Labels[ComposeLabels.Image]);
        Assert.Equal(Actors.TeamA, db.Config.Labels[PortalLabels.Team]);
        Assert.Equal(Actors.OperatorA.UserName, db.Config.Labels[PortalLabels.Owner]);
        Assert.Contains("GREETING=hello", db.Config.Env);
        Assert.Equal(RestartPolicyKind.UnlessStopped, db.HostConfig.RestartPolicy.Name);
        Assert.Equal(64L << 20, db.HostConfig.Memory);
        Assert.Equal("healthy", db.State.Health.Status);
        Assert.Contains(db.Mounts, m => m.Type == "volume" && m.Name == $"{project}_data" && m.Destination == "/data");
        var api = await Fixture.Daemon.Client.Containers.InspectContainerAsync($"{project}-api-1", Token);
        Assert.Equal("db:service_healthy:false", api.Config.Labels[ComposeLabels.DependsOn]);
        Assert.Contains("backend", api.NetworkSettings.Networks[$"{project}_front"].Aliases);
        Assert.Contains("api", api.NetworkSettings.Networks[$"{project}_back"].Aliases);
        var web = await Fixture.Daemon.Client.Containers.InspectContainerAsync($"{project}-web-1", Token);
        var binding = Assert.Single(web.HostConfig.PortBindings["8080/tcp"]);
        Assert.Equal(("127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (binding.HostIP, binding.HostPort));
        // The service name resolves on the shared network, as compose users expect.
        var (code, _, stderr) = await ContainerExec.RunAsync(Fixture.Daemon.Client, $"{project}-web-1", ["sh", "-c", "ping -c1 -W2 backend && ping -c1 -W2 api"], Token);
        Assert.True(code == 0, stderr);
        var volume = await Fixture.Daemon.Client.Volumes.InspectAsync($"{project}_data", Token);
        Assert.Equal("data", volume.Labels[ComposeLabels.Volume]);
        Assert.Contains(events, e => e.Service == "api" && e.Status == "ready" && e.Message == "db is healthy");

        // The second up: plan says keep for everything and no container changes.
        var ids = containers.Select(c => c.ID).Order(StringComparer.Ordinal).ToList();
        var plan = await Stacks.PlanAsync(Actors.OperatorA, project, null, Token);
        Assert.True(plan.IsNoop, plan.Render());
        await Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token);
        Assert.Equal(ids, (await ProjectContainersAsync(project)).Select(c => c.ID).Order(StringComparer.Ordinal));

        var audit = await Fixture.AuditAsync(project, Token);
        Assert.Contains(audit, a => a.Action == "stack.up" && a.Outcome == "succeeded" && a.Detail!.Contains($"create   service:web:1", StringComparison.Ordinal));

        await Stacks.DownAsync(Actors.OperatorA, project, removeVolumes: true, Events([]), Token);
        Assert.Empty(await ProjectContainersAsync(project));
        Assert.Equal((0, 0), await ProjectNetworksAndVolumesAsync(project));
    }

    [Fact]
    public async Task Up_AfterEnvChange_RecreatesOnlyThatService()
    {
        var project = NewProject();
        var port = FreePorts.Next();
        await SaveAsync(Actors.OperatorA, project, ThreeServices(project, port, "hello"));
        await Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token);
        var before = (await ProjectContainersAsync(project)).ToDictionary(c => c.Labels[ComposeLabels.Service], c => c.ID);

        await SaveAsync(Actors.OperatorA, project, ThreeServices(project, port, "changed"));
        var plan = await Stacks.PlanAsync(Actors.OperatorA, project, null, Token);
        Assert.Equal(PlanAction.Recreate, Assert.Single(plan.ForService("db")).Action);
        await Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token);

        var after = (await ProjectContainersAsync(project)).ToDictionary(c => c.Labels[ComposeLabels.Service], c => c.ID);
        Assert.NotEqual(before["db"], after["db"]);
        Assert.Equal(before["api"], after["api"]);
        Assert.Equal(before["web"], after["web"]);
        var db = await Fixture.Daemon.Client.Containers.InspectContainerAsync(after["db"], Token);
        Assert.Contains("GREETING=changed", db.Config.Env);
    }

    [Fact]
    public async Task Up_PrivilegedServiceForOperator_IsRefusedNamingServiceKeyAndRule_AndCreatesNothing()
    {
        var project = NewProject();
        var doc = ThreeServices(project, FreePorts.Next(), "x");
        doc["services"]!["api"]!.AsObject()["privileged"] = true;
        await SaveAsync(Actors.OperatorA, project, doc);

        var ex = await FailsAsync(OperationOutcome.Forbidden, () => Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token));

        Assert.Contains("Service 'api'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("key 'privileged'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("no-privileged", ex.Rule);
        Assert.Empty(await ProjectContainersAsync(project));
        Assert.Equal((0, 0), await ProjectNetworksAndVolumesAsync(project));
        var audit = await Fixture.AuditAsync(project, Token);
        Assert.Contains(audit, a => a.Action == "stack.up" && a.Outcome == "forbidden");
    }

    [Fact]
    public async Task Up_MissingImage_IsRefusedBeforeAnythingIsCreated()
    {
        var project = NewProject();
        var doc = ThreeServices(project, FreePorts.Next(), "x");
        doc["services"]!["api"]!.AsObject()["image"] = $"portal-test/missing-{TestNames.Token()}:latest";
        doc["services"]!["api"]!.AsObject()["pull_policy"] = "never";
        await SaveAsync(Actors.OperatorA, project, doc);

        var ex = await FailsAsync(OperationOutcome.Invalid, () => Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token));

        Assert.Contains("(service 'api') is not on this engine and its pull_policy is never; pull it first", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await ProjectContainersAsync(project));
        Assert.Equal((0, 0), await ProjectNetworksAndVolumesAsync(project));
    }

    [Fact]
    public async Task Up_FailingHealthcheck_StopsWithAStateReportAndLeavesNoStrayObjects()
    {
        var project = NewProject();
        var doc = ThreeServices(project, FreePorts.Next(), "x");
        doc["services"]!["db"]!["healthcheck"] = new JsonObject { ["test"] = new JsonArray("CMD", "false"), ["interval"] = "1s", ["retries"] = 1 };

        await SaveAsync(Actors.OperatorA, project, doc);
        var ex = await FailsAsync(OperationOutcome.EngineError, () => Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions { DependencyTimeout = TimeSpan.FromSeconds(30) }, Events([]), Token));

        Assert.Contains("db is unhealthy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("  db: done", ex.Message, StringComparison.Ordinal);
        Assert.Contains("  api: failed: db is unhealthy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("  web: not started", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await ProjectContainersAsync(project));
        Assert.Equal((0, 0), await ProjectNetworksAndVolumesAsync(project));
    }

    [Fact]
    public async Task Up_IsListedByTheComposeLabelFilter_AndStackStatusComesFromTheCatalog()
    {
        var project = NewProject();
        await SaveAsync(Actors.OperatorA, project, ThreeServices(project, FreePorts.Next(), "x"));
        await Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token);

        // What `docker ps --filter label=com.docker.compose.project=<p>` asks the engine.
        var (code, stdout, stderr) = await DockerCli.RunAsync(["ps", "--filter", $"label=com.docker.compose.project={project}", "--format", "{{.Names}}"], Token);
        Assert.True(code == 0, stderr);
        Assert.Equal([$"{project}-api-1", $"{project}-db-1", $"{project}-web-1"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        await EventuallyAsync(async ct =>
        {
            var listed = Assert.Single(await Stacks.ListAsync(Actors.OperatorA, ct), s => s.Name == project);
            Assert.Equal("running 3/3", listed.Status);
        });
        Assert.DoesNotContain(await Stacks.ListAsync(Actors.OperatorB, Token), s => s.Name == project);
        await FailsAsync(OperationOutcome.NotFound, () => Stacks.StopAsync(Actors.OperatorB, project, Events([]), Token));
    }
}
