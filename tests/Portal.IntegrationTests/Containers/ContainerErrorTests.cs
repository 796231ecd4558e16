using System.Net.Sockets;
using System.Net;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Containers;

public sealed class ContainerErrorTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Run_ImageNotOnEngine_InvalidAndNothingCreated()
    {
        var name = TestNames.Unique("noimage");
        var request = Fixture.Sleeper(name) with { Image = $"portal-test/absent-{TestNames.Token()}:latest" };

        var ex = await FailsAsync(OperationOutcome.Invalid, () => Fixture.Containers.RunAsync(Actors.OperatorA, request, Token));

        Assert.Contains("is not on this engine", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        Assert.Equal("invalid", Assert.Single(await Fixture.AuditAsync(name, Token)).Outcome);
    }

    [Theory]
    [InlineData("Not A Reference")]
    [InlineData("busybox:")]
    [InlineData("a//b")]
    public async Task Run_InvalidImageReference_Invalid(string image)
    {
        var name = TestNames.Unique("badref");

        var ex = await FailsAsync(OperationOutcome.Invalid, () => Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name) with { Image = image }, Token));

        Assert.Contains("not a valid image reference", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        Assert.Equal("invalid", Assert.Single(await Fixture.AuditAsync(name, Token)).Outcome);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("1k")]
    [InlineData("12x")]
    public async Task Run_BadMemory_Invalid(string memory)
    {
        var name = TestNames.Unique("badmem");

        var ex = await FailsAsync(OperationOutcome.Invalid, () => Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name) with { Memory = memory }, Token));

        Assert.Contains($"Memory '{memory}'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
    }

    [Fact]
    public async Task Run_NameInUse_ConflictAndFirstUntouched()
    {
        var name = TestNames.Unique("dup");
        var first = await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name), Token);

        var ex = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name), Token));

        Assert.Equal($"The container name '{name}' is taken; choose another name.", ex.Message);
        Assert.Equal([first.Id], await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        Assert.Equal(["succeeded", "conflict"], (await Fixture.AuditAsync(name, Token)).Select(a => a.Outcome));
    }

    [Fact]
    public async Task Run_HostPortTakenByContainer_ConflictAndNoContainerLeft()
    {
        var port = FreePorts.Next();
        var (holder, loser) = (TestNames.Unique("holder"), TestNames.Unique("loser"));
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Httpd(holder, port), Token);

        var ex = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Httpd(loser, port), Token));

        Assert.Contains("already in use", ex.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(loser);
    }

    [Fact]
    public async Task Run_HostPortTakenByProcess_ConflictAndNoContainerLeft()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var name = TestNames.Unique("squatted");

        var ex = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Httpd(name, port), Token));

        Assert.Contains("failed to start and was removed", ex.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(name);
    }

    [Fact]
    public async Task Run_UnknownNetwork_InvalidNamingNetworkAndNothingLeft()
    {
        var name = TestNames.Unique("nonet");
        var network = $"portal-test-absent-{TestNames.Token()}";

        var ex = await FailsAsync(OperationOutcome.Invalid, () => Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name) with { NetworkMode = network }, Token));

        Assert.Contains($"network {network} not found", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        Assert.Equal("invalid", Assert.Single(await Fixture.AuditAsync(name, Token)).Outcome);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("restart")]
    [InlineData("kill")]
    [InlineData("remove")]
    public async Task Action_UnknownContainer_NotFound(string action)
    {
        var name = TestNames.Unique("missing");

        var ex = await FailsAsync(OperationOutcome.NotFound, () => ContainerActions.Invoke(Fixture.Containers, action, Actors.Admin, name, Token));

        Assert.Equal($"No container named '{name}' was found.", ex.Message);
        if (action != "get")
        {
            var audit = Assert.Single(await Fixture.AuditAsync(name, Token));
            Assert.Equal(($"container.{action}", "not-found"), (audit.Action, audit.Outcome));
        }
    }

    /// <summary>Neither the engine nor the catalog keeps a live container of that name (the catalog may lag by an event).</summary>
    private async Task AssertNothingLeftAsync(string name)
    {
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        await Poll.UntilAsync(async ct => await Fixture.CatalogAsync(name, ct) is null, $"no live catalog record named {name}", Token);
        Assert.Equal("conflict", Assert.Single(await Fixture.AuditAsync(name, Token)).Outcome);
    }
}
