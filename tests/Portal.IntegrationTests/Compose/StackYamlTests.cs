using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Stacks;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Compose;

/// <summary>The whole path from a YAML file and .env through the loader, planner and executor to the engine.</summary>
public sealed class StackYamlTests(EngineFixture fixture) : StackTestBase(fixture)
{
    [Fact]
    public async Task YamlStack_WithEnvInterpolationShortSyntaxAndScale_RunsAndScalesDownAgain()
    {
        var project = NewProject();
        var yaml = $$"""
            services:
              app:
                image: {{Fixture.Daemon.Image}}
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                environment:
                  - MODE=${MODE:-dev}
                labels:
                  {{TestLabels.Session}}: "{{Fixture.Daemon.SessionId}}"
                deploy:
                  replicas: 2
            networks:
              default:
                labels:
                  {{TestLabels.Session}}: "{{Fixture.Daemon.SessionId}}"
            """;
        var saved = await Stacks.SaveAsync(Actors.OperatorA, new SaveStackRequest { Name = project, Files = [new ComposeFile("compose.yaml", yaml)], Env = "MODE=prod\n" }, Token);
        Assert.True(saved.Errors.Count == 0, string.Join("\n", saved.Errors));

        await Stacks.UpAsync(Actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token);

        var containers = await ProjectContainersAsync(project);
        Assert.Equal([$"/{project}-app-1", $"/{project}-app-2"], containers.Select(c => c.Names[0]).Order(StringComparer.Ordinal));
        var inspect = await Fixture.Daemon.Client.Containers.InspectContainerAsync($"{project}-app-2", Token);
        Assert.Contains("MODE=prod", inspect.Config!.Env);

        await Stacks.ScaleAsync(Actors.OperatorA, project, "app", 1, Events([]), Token);
        Assert.Equal([$"/{project}-app-1"], (await ProjectContainersAsync(project)).Select(c => c.Names[0]));
    }

    [Fact]
    public async Task YamlStack_WithErrors_IsNotSavedAndErrorsAreLocated()
    {
        var project = NewProject();
        var result = await Stacks.SaveAsync(Actors.OperatorA, new SaveStackRequest
        {
            Name = project,
            Files = [new ComposeFile("compose.yaml", "services:\n  app:\n    image: x\n    bogus_key: 1\n")],
        }, Token);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Stack);
        Assert.Equal(("compose.yaml", 4), (error.File, error.Line));
        await FailsAsync(Portal.Engine.Pipeline.OperationOutcome.NotFound, () => Stacks.GetAsync(Actors.OperatorA, project, Token));
    }
}
