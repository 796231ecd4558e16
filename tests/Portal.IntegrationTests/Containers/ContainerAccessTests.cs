using Portal.Data.Entities;
using Portal.Engine.Containers;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Containers;

public sealed class ContainerAccessTests(EngineFixture fixture, TeamAContainer box) : IntegrationTest(fixture), IClassFixture<TeamAContainer>
{
    [Theory]
    [MemberData(nameof(ContainerActions.All), MemberType = typeof(ContainerActions))]
    public async Task Action_OtherTeamsContainer_NotFoundLikeMissing(string action)
    {
        foreach (var key in new[] { box.Name, box.Summary.Id, box.Summary.ShortId })
        {
            var ex = await FailsAsync(OperationOutcome.NotFound, () => ContainerActions.Invoke(Fixture.Containers, action, Actors.OperatorB, key, Token));

            Assert.Equal($"No container named '{key}' was found.", ex.Message);
        }

        Assert.Equal("running", (await Fixture.Containers.GetAsync(Actors.OperatorA, box.Name, Token)).Summary.State);
    }

    [Theory]
    [MemberData(nameof(ContainerActions.Changes), MemberType = typeof(ContainerActions))]
    public async Task Change_ViewerOfTeam_ForbiddenAndAudited(string action)
    {
        var ex = await FailsAsync(OperationOutcome.Forbidden, () => ContainerActions.Invoke(Fixture.Containers, action, Actors.ViewerA, box.Name, Token));

        Assert.Contains("read-only access", ex.Message, StringComparison.Ordinal);
        Assert.Equal("running", (await Fixture.Containers.GetAsync(Actors.OperatorA, box.Name, Token)).Summary.State);
        var audit = await Fixture.AuditAsync(box.Name, Token);
        Assert.Contains(audit, a => a.Actor == "viewer-a" && a.Action == $"container.{action}" && a.Outcome == "forbidden");
    }

    [Fact]
    public async Task Change_ReadOnlyTokenOfOperator_Forbidden()
    {
        var readOnly = Actors.OperatorA with { ReadOnly = true };

        var ex = await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Containers.StopAsync(readOnly, box.Name, 1, Token));

        Assert.Contains("read-only", ex.Message, StringComparison.Ordinal);
        Assert.Equal("running", (await Fixture.Containers.GetAsync(Actors.OperatorA, box.Name, Token)).Summary.State);
    }

    [Fact]
    public async Task Get_ViewerOfTeam_SeesContainer()
    {
        var details = await Fixture.Containers.GetAsync(Actors.ViewerA, box.Name, Token);

        Assert.Equal((box.Summary.Id, Actors.TeamA), (details.Summary.Id, details.Summary.Team));
    }

    [Fact]
    public async Task List_OtherTeam_ExcludesContainerAndCount()
    {
        var request = new ContainerListRequest { Text = box.Name, All = true };

        var forB = await Fixture.Containers.ListAsync(Actors.OperatorB, request, Token);
        var forBAskingA = await Fixture.Containers.ListAsync(Actors.OperatorB, request with { Team = Actors.TeamA }, Token);

        Assert.Equal((0, 0), (forB.Items.Count, forB.Total));
        Assert.Equal((0, 0), (forBAskingA.Items.Count, forBAskingA.Total));
        await EventuallyAsync(async ct =>
        {
            var forViewer = await Fixture.Containers.ListAsync(Actors.ViewerA, request, ct);
            var forAdmin = await Fixture.Containers.ListAsync(Actors.Admin, request with { Team = Actors.TeamA }, ct);
            Assert.Equal(box.Summary.Id, Assert.Single(forViewer.Items).Id);
            Assert.Equal(box.Summary.Id, Assert.Single(forAdmin.Items).Id);
        });
    }

    [Fact]
    public async Task Run_NameTakenByOtherTeam_ConflictWithoutRevealingTheContainer()
    {
        var ex = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Containers.RunAsync(Actors.OperatorB, Fixture.Sleeper(box.Name), Token));

        Assert.Equal($"The container name '{box.Name}' is taken; choose another name.", ex.Message);
        Assert.DoesNotContain(box.Summary.ShortId, ex.Message, StringComparison.Ordinal);
        var audit = await Fixture.AuditAsync(box.Name, Token);
        Assert.DoesNotContain(audit, a => a.Detail?.Contains(box.Summary.ShortId, StringComparison.Ordinal) == true);
        Assert.Equal([box.Summary.Id], await Fixture.Daemon.FindSessionContainersAsync(box.Name, Token));
    }

    [Fact]
    public async Task Run_OperatorForAnotherTeam_ForbiddenAndNothingCreated()
    {
        var name = TestNames.Unique("wrongteam");

        await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Containers.RunAsync(Actors.OperatorB, Fixture.Sleeper(name) with { Team = Actors.TeamA }, Token));

        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        Assert.Equal("forbidden", Assert.Single(await Fixture.AuditAsync(name, Token)).Outcome);
    }

    [Fact]
    public async Task Run_Viewer_ForbiddenAndNothingCreated()
    {
        var name = TestNames.Unique("viewer");

        var ex = await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Containers.RunAsync(Actors.ViewerA, Fixture.Sleeper(name), Token));

        Assert.Contains("not an operator of any team", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
    }

    [Fact]
    public async Task Run_OperatorOfTwoTeamsWithoutChoosing_InvalidListingTeams()
    {
        var both = new Actor("user-op-ab", "operator-ab", IsAdmin: false, new Dictionary<string, TeamRole>
        {
            [Actors.TeamA] = TeamRole.Operator,
            [Actors.TeamB] = TeamRole.Operator,
        });
        var name = TestNames.Unique("choose");

        var ex = await FailsAsync(OperationOutcome.Invalid, () => Fixture.Containers.RunAsync(both, Fixture.Sleeper(name), Token));

        Assert.Contains(Actors.TeamA, ex.Message, StringComparison.Ordinal);
        Assert.Contains(Actors.TeamB, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TeamThatDoesNotExist_Invalid()
    {
        var ghost = $"ghost-{TestNames.Token()}";
        var admin = Actors.Admin;
        var name = TestNames.Unique("ghost");

        var ex = await FailsAsync(OperationOutcome.Invalid, () => Fixture.Containers.RunAsync(admin, Fixture.Sleeper(name) with { Team = ghost }, Token));

        Assert.Contains($"There is no team named '{ghost}'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
    }
}
