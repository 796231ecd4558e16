using Docker.DotNet.Models;
using Portal.Data.Entities;
using Portal.Engine.Containers;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Events;

/// <summary>The catalog follows changes made outside Portal (here straight through the engine API, as the CLI would).</summary>
public sealed class CatalogEventsTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    private static readonly string[] s_sleeper = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

    [Fact]
    public async Task ContainerCreatedOutsidePortal_AppearsInCatalog()
    {
        var name = TestNames.Unique("cli-made");

        var id = await Fixture.Daemon.CreateContainerDirectlyAsync(name, s_sleeper, start: true, Token);

        var row = await WaitForAsync(name, r => r.State == "running");
        Assert.Equal((id, null, null), (row.ContainerId, row.Team, row.Owner));
        var listed = await Fixture.Containers.ListAsync(Actors.Admin, new ContainerListRequest { Text = name }, Token);
        Assert.Equal(id, Assert.Single(listed.Items).Id);
    }

    [Fact]
    public async Task ContainerStoppedAndRemovedOutsidePortal_HistoryWithoutRemover()
    {
        var name = TestNames.Unique("cli-gone");
        var id = await Fixture.Daemon.CreateContainerDirectlyAsync(name, s_sleeper, start: true, Token);
        await WaitForAsync(name, r => r.State == "running");

        await Fixture.Daemon.Client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, Token);
        await WaitForAsync(name, r => r.State == "exited");
        await Fixture.Daemon.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters(), Token);

        var row = await WaitForAsync(name, r => r.RemovedAt is not null, includeRemoved: true);
        Assert.Equal(("removed", null), (row.State, row.RemovedBy));
        Assert.Null(await Fixture.CatalogAsync(name, Token));
    }

    [Fact]
    public async Task ContainerMadeOutsidePortal_AdminAssignsTeam_TeamCanOperate()
    {
        var name = TestNames.Unique("cli-assigned");
        await Fixture.Daemon.CreateContainerDirectlyAsync(name, s_sleeper, start: true, Token);
        await WaitForAsync(name, r => r.State == "running");
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Containers.GetAsync(Actors.OperatorA, name, Token));
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Containers.AssignTeamAsync(Actors.OperatorA, name, Actors.TeamA, Token));

        await Fixture.Containers.AssignTeamAsync(Actors.Admin, name, Actors.TeamA, Token);

        Assert.Equal(Actors.TeamA, (await Fixture.Containers.GetAsync(Actors.OperatorA, name, Token)).Summary.Team);
        await Fixture.Containers.StopAsync(Actors.OperatorA, name, 10, Token);
        var row = await WaitForAsync(name, r => r.State == "exited");
        Assert.Equal((Actors.TeamA, Actors.TeamA), (row.Team, row.AssignedTeam));
        await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Containers.AssignTeamAsync(Actors.OperatorA, name, Actors.TeamB, Token));
    }

    [Fact]
    public async Task PortalLabelledContainer_AdminAssignsTeam_ConflictLabelWins()
    {
        var name = TestNames.Unique("labelled");
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name), Token);

        var ex = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Containers.AssignTeamAsync(Actors.Admin, name, Actors.TeamB, Token));

        Assert.Contains("labels decide its team", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Actors.TeamA, (await Fixture.CatalogAsync(name, Token))?.Team);
    }

    private Task<CatalogContainer> WaitForAsync(string name, Func<CatalogContainer, bool> condition, bool includeRemoved = false) =>
        Poll.UntilAsync(async ct => await Fixture.CatalogAsync(name, ct, includeRemoved) is { } row && condition(row) ? row : null,
            $"the catalog to show container {name} in the expected state", Token);
}
