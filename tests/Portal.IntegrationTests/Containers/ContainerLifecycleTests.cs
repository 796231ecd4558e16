using Portal.Engine.Containers;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Containers;

public sealed class ContainerLifecycleTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task StopThenStart_OwnContainer_StateFollowsInEngineAndCatalog()
    {
        var name = await RunAsync("stopstart");

        await Fixture.Containers.StopAsync(Actors.OperatorA, name, 10, Token);

        Assert.Equal("exited", (await Fixture.Containers.GetAsync(Actors.OperatorA, name, Token)).Summary.State);
        await EventuallyAsync(async ct =>
        {
            Assert.Equal("exited", (await Fixture.CatalogAsync(name, ct))?.State);
            Assert.Empty((await Fixture.Containers.ListAsync(Actors.OperatorA, new ContainerListRequest { Text = name }, ct)).Items);
        });

        await Fixture.Containers.StartAsync(Actors.OperatorA, name, Token);

        Assert.Equal("running", (await Fixture.Containers.GetAsync(Actors.OperatorA, name, Token)).Summary.State);
        await EventuallyAsync(async ct => Assert.Equal("running", (await Fixture.CatalogAsync(name, ct))?.State));
        Assert.Equal(["container.run", "container.stop", "container.start"], (await Fixture.AuditAsync(name, Token)).Select(a => a.Action));
    }

    [Fact]
    public async Task Stop_AlreadyStopped_SucceedsAsNoChange()
    {
        var name = await RunAsync("stop2");
        await Fixture.Containers.StopAsync(Actors.OperatorA, name, 10, Token);

        await Fixture.Containers.StopAsync(Actors.OperatorA, name, 10, Token);

        var last = (await Fixture.AuditAsync(name, Token))[^1];
        Assert.Equal(("container.stop", "succeeded"), (last.Action, last.Outcome));
        Assert.Contains("no change", last.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_RunningContainer_RunningWithNewStartTime()
    {
        var name = await RunAsync("restart");
        var before = (await Fixture.Containers.GetAsync(Actors.OperatorA, name, Token)).StartedAt;

        await Fixture.Containers.RestartAsync(Actors.OperatorA, name, 10, Token);

        var after = await Fixture.Containers.GetAsync(Actors.OperatorA, name, Token);
        Assert.Equal("running", after.Summary.State);
        Assert.NotEqual(before, after.StartedAt);
        var last = (await Fixture.AuditAsync(name, Token))[^1];
        Assert.Equal(("container.restart", "succeeded"), (last.Action, last.Outcome));
    }

    [Fact]
    public async Task Kill_RunningContainer_ExitsWithSigkillCode()
    {
        var name = await RunAsync("kill");

        await Fixture.Containers.KillAsync(Actors.OperatorA, name, null, Token);

        var details = await Poll.UntilAsync(async ct =>
        {
            var d = await Fixture.Containers.GetAsync(Actors.OperatorA, name, ct);
            return d.Summary.State == "exited" ? d : null;
        }, "the killed container to exit", Token);
        Assert.Equal(137, details.ExitCode);
        await EventuallyAsync(async ct => Assert.Equal("exited", (await Fixture.CatalogAsync(name, ct))?.State));
    }

    [Fact]
    public async Task Kill_StoppedContainer_Conflict()
    {
        var name = await RunAsync("kill2");
        await Fixture.Containers.StopAsync(Actors.OperatorA, name, 10, Token);

        var ex = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Containers.KillAsync(Actors.OperatorA, name, null, Token));

        Assert.Contains("not running", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("conflict", (await Fixture.AuditAsync(name, Token))[^1].Outcome);
    }

    [Fact]
    public async Task Remove_StoppedContainer_GoneFromEngineAndHistoryKeepsRemover()
    {
        var name = await RunAsync("remove");
        await Fixture.Containers.StopAsync(Actors.OperatorA, name, 10, Token);

        await Fixture.Containers.RemoveAsync(Actors.OperatorA, name, force: false, Token);

        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Containers.GetAsync(Actors.OperatorA, name, Token));
        await EventuallyAsync(async ct =>
        {
            var history = await Fixture.Containers.ListAsync(Actors.OperatorA, new ContainerListRequest { Text = name, Removed = true }, ct);
            var record = Assert.Single(history.Items);
            Assert.Equal(("operator-a", "removed", Actors.TeamA), (record.RemovedBy, record.State, record.Team));
            Assert.NotNull(record.RemovedAt);
        });
        var last = (await Fixture.AuditAsync(name, Token))[^1];
        Assert.Equal(("container.remove", "succeeded", Actors.TeamA), (last.Action, last.Outcome, last.Team));
    }

    [Fact]
    public async Task Remove_RunningWithoutForce_ConflictAndStillRunning()
    {
        var name = await RunAsync("remove2");

        await FailsAsync(OperationOutcome.Conflict, () => Fixture.Containers.RemoveAsync(Actors.OperatorA, name, force: false, Token));

        Assert.Equal("running", (await Fixture.Containers.GetAsync(Actors.OperatorA, name, Token)).Summary.State);
        await Fixture.Containers.RemoveAsync(Actors.OperatorA, name, force: true, Token);
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
    }

    private async Task<string> RunAsync(string prefix)
    {
        var name = TestNames.Unique(prefix);
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name), Token);
        return name;
    }
}
