using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Events;
using Portal.Engine.Labels;
using Portal.Engine.Networks;
using Portal.Engine.Volumes;
using Portal.IntegrationTests.Compose;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Networks;

/// <summary>
/// The network, volume and stack lists are served from the catalog: right at once after Portal's own
/// create, connect and remove (the resource layer writes the catalog), and in step with changes made
/// with the docker CLI (the events watcher), with counts of the containers the actor may see only.
/// </summary>
public sealed class CatalogListTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Networks_CreateConnectRemoveAndCliChanges_ListFollows()
    {
        var net = TestNames.Unique("cat-net");
        await Fixture.Networks.CreateAsync(Actors.OperatorA, new CreateNetworkRequest { Name = net, Team = Actors.TeamA, Labels = Fixture.Daemon.SessionLabels }, Token);
        var listed = Assert.Single(await Fixture.Networks.ListAsync(Actors.OperatorA, Token), n => n.Name == net);
        Assert.Equal((0, Actors.TeamA, "bridge"), (listed.Containers, listed.Team, listed.Driver));
        Assert.DoesNotContain(await Fixture.Networks.ListAsync(Actors.OperatorB, Token), n => n.Name == net);

        var mine = TestNames.Unique("cat-a");
        var theirs = TestNames.Unique("cat-b");
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(mine) with { Team = Actors.TeamA }, Token);
        await Fixture.Containers.RunAsync(Actors.OperatorB, Fixture.Sleeper(theirs) with { Team = Actors.TeamB }, Token);
        await Fixture.Networks.ConnectAsync(Actors.OperatorA, net, new ConnectNetworkRequest { Container = mine }, Token);
        // Another team's container on the network: with the CLI, as Portal would refuse it.
        await CliAsync("network", "connect", net, theirs);

        Assert.Equal(1, Count(await Fixture.Networks.ListAsync(Actors.OperatorA, Token), net));
        await EventuallyAsync(async ct => Assert.Equal(2, Count(await Fixture.Networks.ListAsync(Actors.Admin, ct), net)));
        Assert.Equal(1, Count(await Fixture.Networks.ListAsync(Actors.OperatorA, Token), net));

        await Fixture.Networks.DisconnectAsync(Actors.OperatorA, net, mine, force: false, Token);
        Assert.Equal(0, Count(await Fixture.Networks.ListAsync(Actors.OperatorA, Token), net));
        await CliAsync("network", "disconnect", net, theirs);
        await Fixture.Networks.RemoveAsync(Actors.OperatorA, net, Token);
        Assert.DoesNotContain(await Fixture.Networks.ListAsync(Actors.Admin, Token), n => n.Name == net);

        var cli = TestNames.Unique("cat-cli-net");
        await CliAsync("network", "create", "--label", $"{TestLabels.Session}={Fixture.Daemon.SessionId}", "--label", $"{PortalLabels.Team}={Actors.TeamA}", "--subnet", "10.231.7.0/24", cli);
        await EventuallyAsync(async ct => Assert.Equal("10.231.7.0/24", Assert.Single(await Fixture.Networks.ListAsync(Actors.ViewerA, ct), n => n.Name == cli).Subnet));
        await CliAsync("network", "rm", cli);
        await EventuallyAsync(async ct => Assert.DoesNotContain(await Fixture.Networks.ListAsync(Actors.Admin, ct), n => n.Name == cli));
    }

    [Fact]
    public async Task Volumes_CreateMountRemoveAndCliChanges_ListFollowsWithoutDiskUsagePerRequest()
    {
        var vol = TestNames.Unique("cat-vol");
        await Fixture.Volumes.CreateAsync(Actors.OperatorA, new CreateVolumeRequest { Name = vol, Team = Actors.TeamA, Labels = Fixture.Daemon.SessionLabels }, Token);
        var listed = Assert.Single(await Fixture.Volumes.ListAsync(Actors.OperatorA, Token), v => v.Name == vol);
        Assert.Equal((Actors.TeamA, "local"), (listed.Team, listed.Driver));
        Assert.Empty(listed.UsedBy);
        Assert.DoesNotContain(await Fixture.Volumes.ListAsync(Actors.OperatorB, Token), v => v.Name == vol);

        var user = TestNames.Unique("cat-user");
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(user) with { Team = Actors.TeamA, Volumes = [$"{vol}:/data"] }, Token);
        Assert.Equal([user], Assert.Single(await Fixture.Volumes.ListAsync(Actors.OperatorA, Token), v => v.Name == vol).UsedBy);

        // A volume the engine makes on the way (a named mount of a new name) is listed at once too.
        var implicitVolume = TestNames.Unique("cat-implicit");
        var second = TestNames.Unique("cat-user2");
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(second) with { Team = Actors.TeamA, Volumes = [$"{implicitVolume}:/data"] }, Token);
        Assert.Contains(await Fixture.Volumes.ListAsync(Actors.Admin, Token), v => v.Name == implicitVolume);

        // Lists never read the disk usage themselves: the background refresher does, throttled.
        var sizes = Fixture.Host.Services.GetRequiredService<VolumeSizeRefresher>();
        var runs = sizes.Runs;
        for (var i = 0; i < 20; i++)
        {
            _ = await Fixture.Volumes.ListAsync(Actors.Admin, Token);
        }

        Assert.InRange(sizes.Runs - runs, 0, 1);

        var cli = TestNames.Unique("cat-cli-vol");
        await CliAsync("volume", "create", "--label", $"{TestLabels.Session}={Fixture.Daemon.SessionId}", "--label", $"{PortalLabels.Team}={Actors.TeamA}", cli);
        await EventuallyAsync(async ct => Assert.Contains(await Fixture.Volumes.ListAsync(Actors.ViewerA, ct), v => v.Name == cli));
        await CliAsync("volume", "rm", cli);
        await EventuallyAsync(async ct => Assert.DoesNotContain(await Fixture.Volumes.ListAsync(Actors.Admin, ct), v => v.Name == cli));

        await Fixture.Containers.RemoveAsync(Actors.OperatorA, second, force: true, Token);
        await Fixture.Volumes.RemoveAsync(Actors.OperatorA, implicitVolume, Token);
        Assert.DoesNotContain(await Fixture.Volumes.ListAsync(Actors.Admin, Token), v => v.Name == implicitVolume);
    }

    [Fact]
    public async Task Stacks_ProjectStoppedWithTheCli_StatusFromTheCatalog()
    {
        var project = "catstack" + TestNames.Token();
        var labels = new Dictionary<string, string>(Fixture.Daemon.SessionLabels)
        {
            [ComposeLabels.Project] = project,
            [ComposeLabels.Service] = "web",
            [ComposeLabels.ContainerNumber] = "1",
        };
        var name = $"{project}-web-1";
        await Fixture.Daemon.CreateContainerDirectlyAsync(name, ["sleep", "600"], start: true, Token, labels);
        var stacks = Fixture.Host.Services.GetRequiredService<StackOperations>();

        await EventuallyAsync(async ct => Assert.Equal((1, 1), Running(await stacks.ListAsync(Actors.Admin, ct), project)));
        Assert.DoesNotContain(await stacks.ListAsync(Actors.OperatorA, Token), s => s.Name == project);

        await CliAsync("stop", "-t", "1", name);
        await EventuallyAsync(async ct => Assert.Equal((0, 1), Running(await stacks.ListAsync(Actors.Admin, ct), project)));
        await CliAsync("rm", "-f", name);
        await EventuallyAsync(async ct => Assert.DoesNotContain(await stacks.ListAsync(Actors.Admin, ct), s => s.Name == project));
    }

    private static int Count(IReadOnlyList<NetworkSummary> list, string name) => Assert.Single(list, n => n.Name == name).Containers;

    private static (int Running, int Total) Running(IReadOnlyList<StackSummary> list, string name)
    {
        var stack = Assert.Single(list, s => s.Name == name);
        return (stack.Running, stack.Total);
    }

    private async Task CliAsync(params string[] args)
    {
        var (exit, _, stderr) = await DockerCli.RunAsync(args, Token);
        Assert.True(exit == 0, $"docker {string.Join(' ', args)}: {stderr}");
    }
}
