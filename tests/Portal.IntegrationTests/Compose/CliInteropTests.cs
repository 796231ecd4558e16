using System.Text.Json.Nodes;
using Portal.Engine.Compose.Execution;
using Xunit;

namespace Portal.IntegrationTests.Compose;

/// <summary>Debian's docker-compose 1.29 acting on a stack Portal deployed: it lists, stops and removes Portal's containers as its own.</summary>
public sealed class CliInteropTests(EngineFixture fixture) : StackTestBase(fixture)
{
    [Fact]
    public async Task PortalStack_IsListedStoppedAndTakenDownByDockerCompose129_PortalStartsWhatItStopped()
    {
        var project = NewProject();
        var document = new JsonObject
        {
            ["name"] = project,
            ["services"] = new JsonObject { ["app"] = Sleeper(), ["worker"] = Sleeper(new JsonObject { ["depends_on"] = new JsonArray("app") }) },
            ["networks"] = new JsonObject { ["default"] = new JsonObject { ["name"] = $"{project}_default", ["labels"] = SessionLabels() } },
        };
        await SaveAsync(Actors.OperatorA, project, document);
        await Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token);
        var portalIds = (await ProjectContainersAsync(project)).Select(c => c.ID).Order(StringComparer.Ordinal).ToList();
        var dir = Directory.CreateTempSubdirectory("portal-cli-interop-");
        try
        {
            // The same project as docker-compose 1.29 reads it (it needs a file; the containers are Portal's).
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "docker-compose.yml"), $"""
                version: "3.7"
                services:
                  app:
                    image: {Fixture.Daemon.Image}
                    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                  worker:
                    image: {Fixture.Daemon.Image}
                    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                    depends_on: [app]
                """, Token);

            var (psCode, ps, psErr) = await DockerCli.RunToolAsync("docker-compose", ["-p", project, "ps", "-q"], Token, dir.FullName);
            Assert.True(psCode == 0, psErr);
            Assert.Equal(portalIds, ps.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(id => id.Trim()).Order(StringComparer.Ordinal));

            var (stopCode, _, stopErr) = await DockerCli.RunToolAsync("docker-compose", ["-p", project, "stop", "-t", "1"], Token, dir.FullName);
            Assert.True(stopCode == 0, stopErr);
            Assert.All(await ProjectContainersAsync(project), c => Assert.Equal("exited", c.State));

            await Stacks.StartAsync(Actors.OperatorA, project, Events([]), Token);
            Assert.All(await ProjectContainersAsync(project), c => Assert.Equal("running", c.State));

            var (downCode, _, downErr) = await DockerCli.RunToolAsync("docker-compose", ["-p", project, "down", "-t", "1"], Token, dir.FullName);
            Assert.True(downCode == 0, downErr);
            Assert.Empty(await ProjectContainersAsync(project));
            Assert.Equal(0, (await ProjectNetworksAndVolumesAsync(project)).Networks);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
