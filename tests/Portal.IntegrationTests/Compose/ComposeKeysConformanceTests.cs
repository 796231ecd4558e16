// Docker.DotNet marks inspect members nullable; a null here is a failed test either way.
#pragma warning disable CS8602
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Compose;

/// <summary>Conformance for the keys Portal now honours: what ended up on the engine for each, and the admission refusals that go with them.</summary>
public sealed class ComposeKeysConformanceTests(EngineFixture fixture) : StackTestBase(fixture)
{
    [Fact]
    public async Task VolumesFromService_Cgroup_AndTheSmallHostKeys_EndUpOnTheEngine()
    {
        var project = NewProject();
        var document = new JsonObject
        {
            ["name"] = project,
            ["services"] = new JsonObject
            {
                ["data"] = Sleeper(new JsonObject
                {
                    ["command"] = new JsonArray("sh", "-c", "echo from-data > /shared/hello; trap 'exit 0' TERM; sleep 3600 & wait"),
                    ["volumes"] = new JsonArray(new JsonObject { ["type"] = "volume", ["target"] = "/shared" }),
                }),
                ["app"] = Sleeper(new JsonObject
                {
                    ["volumes_from"] = new JsonArray("service:data:ro"),
                    ["cgroup"] = "private",
                    ["dns_search"] = new JsonArray("example.test"),
                    ["dns_opt"] = new JsonArray("ndots:2"),
                    ["group_add"] = new JsonArray("123"),
                    ["tty"] = true,
                    ["stdin_open"] = true,
                    ["pids_limit"] = 64,
                    ["cpu_shares"] = 512,
                    ["mem_reservation"] = "16m",
                    ["deploy"] = new JsonObject { ["restart_policy"] = new JsonObject { ["condition"] = "on-failure", ["max_attempts"] = 2 } },
                }),
            },
            ["networks"] = new JsonObject { ["default"] = new JsonObject { ["name"] = $"{project}_default", ["labels"] = SessionLabels() } },
        };
        await SaveAsync(Actors.OperatorA, project, document);

        var result = await Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token);

        Assert.Contains("create   service:app:1", result.Plan, StringComparison.Ordinal);
        var data = await Fixture.Daemon.Client.Containers.InspectContainerAsync($"{project}-data-1", Token);
        var app = await Fixture.Daemon.Client.Containers.InspectContainerAsync($"{project}-app-1", Token);
        Assert.Equal([$"{data.ID}:ro"], app.HostConfig.VolumesFrom);
        var shared = Assert.Single(app.Mounts, m => m.Destination == "/shared");
        Assert.False(shared.RW);
        Assert.Equal(Assert.Single(data.Mounts, m => m.Destination == "/shared").Name, shared.Name);
        Assert.Equal("private", app.HostConfig.CgroupnsMode);
        Assert.Equal(["example.test"], app.HostConfig.DNSSearch);
        Assert.Equal(["ndots:2"], app.HostConfig.DNSOptions);
        Assert.Equal(["123"], app.HostConfig.GroupAdd);
        Assert.True(app.Config.Tty);
        Assert.True(app.Config.OpenStdin);
        Assert.Equal(64, app.HostConfig.PidsLimit);
        Assert.Equal(512, app.HostConfig.CPUShares);
        Assert.Equal(16L << 20, app.HostConfig.MemoryReservation);
        Assert.Equal((RestartPolicyKind.OnFailure, 2L), (app.HostConfig.RestartPolicy.Name, app.HostConfig.RestartPolicy.MaximumRetryCount));

        // Up again: nothing changes; the service taking the volumes keeps its container.
        var again = await Stacks.PlanAsync(Actors.OperatorA, project, null, Token);
        Assert.True(again.IsNoop, again.Render());
    }

    [Fact]
    public async Task VolumesFromContainer_ForAdmin_MountsItsVolumes_ForAnOperatorWithoutSharing_IsRefusedNamingTheKey()
    {
        var holder = $"vf{TestNames.Token()}";
        await Fixture.Daemon.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = holder,
            Image = Fixture.Daemon.Image,
            Cmd = ["true"],
            Volumes = new Dictionary<string, EmptyStruct> { ["/held"] = default },
            Labels = new Dictionary<string, string> { [TestLabels.Session] = Fixture.Daemon.SessionId, ["io.portal.team"] = Actors.TeamA },
        }, Token);
        try
        {
            var refusedProject = NewProject();
            await SaveAsync(Actors.OperatorA, refusedProject, Document(refusedProject, $"container:{holder}"));
            var refused = await Assert.ThrowsAsync<OperationFailedException>(() => Stacks.UpAsync(Actors.OperatorA, refusedProject, new ComposeUpOptions(), Events([]), Token));
            Assert.Equal(OperationOutcome.Forbidden, refused.Outcome);
            Assert.Contains("Service 'app' (key 'volumes_from') is refused by rule 'no-host-namespaces'", refused.Message, StringComparison.Ordinal);
            Assert.Empty(await ProjectContainersAsync(refusedProject));

            var project = NewProject();
            await SaveAsync(Actors.Admin, project, Document(project, $"container:{holder}:ro"), Actors.TeamA);
            await Stacks.UpAsync(Actors.Admin, project, new ComposeUpOptions(), Events([]), Token);

            var app = await Fixture.Daemon.Client.Containers.InspectContainerAsync($"{project}-app-1", Token);
            Assert.Equal([$"{holder}:ro"], app.HostConfig.VolumesFrom);
            Assert.False(Assert.Single(app.Mounts, m => m.Destination == "/held").RW);
        }
        finally
        {
            await Fixture.Daemon.Client.Containers.RemoveContainerAsync(holder, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None);
        }
    }

    [Fact]
    public async Task CgroupHost_ForAnOperator_IsRefusedNamingTheKey()
    {
        var project = NewProject();
        var document = Document(project, null);
        document["services"]!["app"]!["cgroup"] = "host";
        await SaveAsync(Actors.OperatorA, project, document);

        var refused = await Assert.ThrowsAsync<OperationFailedException>(() => Stacks.PlanAsync(Actors.OperatorA, project, null, Token));

        Assert.Contains("(key 'cgroup') is refused by rule 'no-host-namespaces'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("cgroupns", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildNetworkExtraHostsShmSizeCacheFrom_ReachTheClassicBuilder_BuildNetworkHostIsRefusedForAnOperator()
    {
        var project = NewProject();
        var dockerfile = $"""
            FROM {Fixture.Daemon.Image}
            LABEL {TestLabels.Session}={Fixture.Daemon.SessionId}
            RUN cat /proc/net/dev > /build-net; cat /etc/hosts > /build-hosts; df -k /dev/shm > /build-shm
            """;
        var build = new JsonObject
        {
            ["context"] = ".",
            ["network"] = "none",
            ["extra_hosts"] = new JsonObject { ["buildhost"] = "10.9.8.7" },
            ["shm_size"] = "96m",
            ["cache_from"] = new JsonArray(Fixture.Daemon.Image),
        };
        var document = Document(project, null);
        document["services"]!["app"]!["build"] = build;
        document["services"]!["app"]!.AsObject().Remove("image");
        document["services"]!["app"]!["command"] = new JsonArray("sh", "-c", "cat /build-net /build-hosts /build-shm; trap 'exit 0' TERM; sleep 3600 & wait");
        await SaveFilesAsync(Actors.OperatorA, project, document, dockerfile);
        var hostProject = NewProject();
        var hostDocument = (JsonObject)document.DeepClone();
        hostDocument["name"] = hostProject;
        hostDocument["networks"]!["default"]!["name"] = $"{hostProject}_default";
        hostDocument["services"]!["app"]!["build"]!["network"] = "host";
        await SaveFilesAsync(Actors.OperatorA, hostProject, hostDocument, dockerfile);
        try
        {
            var refused = await Assert.ThrowsAsync<OperationFailedException>(() => Stacks.UpAsync(Actors.OperatorA, hostProject, new ComposeUpOptions(), Events([]), Token));
            Assert.Contains("Service 'app' (key 'build.network') is refused by rule 'no-host-namespaces'", refused.Message, StringComparison.Ordinal);
            await Assert.ThrowsAnyAsync<Docker.DotNet.DockerApiException>(() => Fixture.Daemon.Client.Images.InspectImageAsync($"{hostProject}-app", Token));

            await Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token);

            var output = await EventuallyOutputAsync($"{project}-app-1", "/dev/shm");
            Assert.DoesNotContain("eth0", output, StringComparison.Ordinal);
            Assert.Contains("lo:", output, StringComparison.Ordinal);
            Assert.Matches(@"10\.9\.8\.7\s+buildhost", output);
            Assert.Matches(@"\s98304\s", output);
        }
        finally
        {
            await RemoveImageQuietlyAsync($"{project}-app");
        }
    }

    private JsonObject Document(string project, string? volumesFrom)
    {
        var app = Sleeper();
        if (volumesFrom is not null)
        {
            app["volumes_from"] = new JsonArray(volumesFrom);
        }

        return new JsonObject
        {
            ["name"] = project,
            ["services"] = new JsonObject { ["app"] = app },
            ["networks"] = new JsonObject { ["default"] = new JsonObject { ["name"] = $"{project}_default", ["labels"] = SessionLabels() } },
        };
    }

    private async Task SaveFilesAsync(Portal.Engine.Pipeline.Actor actor, string project, JsonObject document, string dockerfile)
    {
        var result = await Stacks.SaveAsync(actor, new SaveStackRequest
        {
            Name = project,
            Files = [new ComposeFile("compose.json", document.ToJsonString()), new ComposeFile("Dockerfile", dockerfile)],
        }, Token);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
    }

    private async Task<string> EventuallyOutputAsync(string container, string expected)
    {
        var output = "";
        for (var i = 0; i < 50 && !output.Contains(expected, StringComparison.Ordinal); i++)
        {
            var (_, stdout, stderr) = await DockerCli.RunAsync(["logs", container], Token);
            output = stdout + stderr;
            if (!output.Contains(expected, StringComparison.Ordinal))
            {
                await Task.Delay(100, Token);
            }
        }

        return output;
    }

    private async Task RemoveImageQuietlyAsync(string image)
    {
        try
        {
            await Fixture.Daemon.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }, CancellationToken.None);
        }
        catch (Docker.DotNet.DockerApiException)
        {
            // Not built: nothing to remove.
        }
    }
}
