using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Compose;

public sealed class CliStackTests(EngineFixture fixture) : StackTestBase(fixture)
{
    [Fact]
    public async Task CliStack_IsListedForAdmins_AdoptedForATeam_AndStoppedAndStartedFromPortal()
    {
        var project = NewProject();
        var dir = Directory.CreateTempSubdirectory("portal-cli-stack-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "docker-compose.yml"), $"""
                version: "3.7"
                services:
                  app:
                    image: {Fixture.Daemon.Image}
                    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                    labels:
                      {TestLabels.Session}: "{Fixture.Daemon.SessionId}"
                  worker:
                    image: {Fixture.Daemon.Image}
                    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                    depends_on: [app]
                    labels:
                      {TestLabels.Session}: "{Fixture.Daemon.SessionId}"
                networks:
                  default:
                    labels:
                      {TestLabels.Session}: "{Fixture.Daemon.SessionId}"
                """, Token);
            var (code, _, stderr) = await DockerCli.RunToolAsync("docker-compose", ["-p", project, "up", "-d", "--no-build"], Token, dir.FullName);
            Assert.True(code == 0, stderr);

            await EventuallyAsync(async ct =>
            {
                var listed = Assert.Single(await Stacks.ListAsync(Actors.Admin, ct), s => s.Name == project);
                Assert.Equal((StackSource.Engine, "running 2/2"), (listed.Source, listed.Status));
            });
            Assert.DoesNotContain(await Stacks.ListAsync(Actors.OperatorA, Token), s => s.Name == project);
            await FailsAsync(OperationOutcome.Forbidden, () => Stacks.AdoptAsync(Actors.OperatorA, project, Actors.TeamA, Token));

            await Stacks.AdoptAsync(Actors.Admin, project, Actors.TeamA, Token);
            var adopted = Assert.Single(await Stacks.ListAsync(Actors.OperatorA, Token), s => s.Name == project);
            Assert.Equal((StackSource.Adopted, Actors.TeamA), (adopted.Source, adopted.Team));

            await Stacks.StopAsync(Actors.OperatorA, project, Events([]), Token);
            Assert.All(await ProjectContainersAsync(project), c => Assert.Equal("exited", c.State));
            await Stacks.StartAsync(Actors.OperatorA, project, Events([]), Token);
            Assert.All(await ProjectContainersAsync(project), c => Assert.Equal("running", c.State));

            // The CLI still sees its project after Portal acted on it.
            var (psCode, stdout, psErr) = await DockerCli.RunToolAsync("docker-compose", ["-p", project, "ps", "-q"], Token, dir.FullName);
            Assert.True(psCode == 0, psErr);
            Assert.Equal(2, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains(await ProjectContainersAsync(project), c => c.Labels[ComposeLabels.Service] == "worker");
        }
        finally
        {
            await DockerCli.RunToolAsync("docker-compose", ["-p", project, "down"], CancellationToken.None, dir.FullName);
            dir.Delete(recursive: true);
        }
    }
}
