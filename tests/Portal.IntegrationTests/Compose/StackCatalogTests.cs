using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Containers;
using Portal.Engine.Events;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Compose;

/// <summary>
/// Stack actions reach the catalog and open pages through the resource layer, as the container buttons do:
/// with the events watcher stopped (so nothing else writes the catalog), the containers list follows up,
/// stop and down the moment each returns, and pages are told.
/// </summary>
public sealed class StackCatalogTests(EngineFixture fixture) : StackTestBase(fixture)
{
    [Fact]
    public async Task UpStopDown_WithoutTheEventsStream_TheContainersListFollowsAtOnce()
    {
        await using var host = await PortalEngineHost.StartAsync(Fixture.Daemon.Endpoint, Token);
        await host.Watcher.StopAsync(Token);
        var actors = await TestActors.CreateAsync(host.Teams, Token);
        var stacks = host.Services.GetRequiredService<StackOperations>();
        var notified = 0;
        host.Services.GetRequiredService<CatalogNotifier>().ContainersChanged += () => Interlocked.Increment(ref notified);
        var project = NewProject();
        var saved = await stacks.SaveAsync(actors.OperatorA, new SaveStackRequest
        {
            Name = project,
            Team = actors.TeamA,
            Files = [new ComposeFile("compose.json", Document(project).ToJsonString())],
        }, Token);
        Assert.Empty(saved.Errors);

        await stacks.UpAsync(actors.OperatorA, project, new ComposeUpOptions(), Events([]), Token);
        Assert.Equal([($"{project}-app-1", "running"), ($"{project}-worker-1", "running")], await ListedAsync(host, actors, project));
        Assert.True(Volatile.Read(ref notified) > 0, "open pages were not told about the stack's containers");

        await stacks.StopAsync(actors.OperatorA, project, Events([]), Token);
        Assert.Equal([($"{project}-app-1", "exited"), ($"{project}-worker-1", "exited")], await ListedAsync(host, actors, project));

        await stacks.DownAsync(actors.OperatorA, project, removeVolumes: false, Events([]), Token);
        Assert.Empty(await ListedAsync(host, actors, project));
        var history = await host.Containers.ListAsync(actors.OperatorA, new ContainerListRequest { Removed = true, Text = project }, Token);
        Assert.Equal(2, history.Items.Count);
        Assert.All(history.Items, c => Assert.Equal(actors.OperatorA.UserName, c.RemovedBy));
    }

    private JsonObject Document(string project) => new()
    {
        ["name"] = project,
        ["services"] = new JsonObject { ["app"] = Sleeper(), ["worker"] = Sleeper() },
        ["networks"] = new JsonObject { ["default"] = new JsonObject { ["name"] = $"{project}_default", ["labels"] = SessionLabels() } },
    };

    private static async Task<List<(string Name, string State)>> ListedAsync(PortalEngineHost host, TestActors actors, string project)
    {
        var page = await host.Containers.ListAsync(actors.OperatorA, new ContainerListRequest { All = true, Text = project }, TestContext.Current.CancellationToken);
        return [.. page.Items.Select(c => (c.Name, c.State)).Order()];
    }
}
