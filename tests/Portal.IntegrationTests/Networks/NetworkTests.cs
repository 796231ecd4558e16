using Portal.Engine.Access;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Networks;

/// <summary>
/// Container-to-container traffic inside one test network, seen from inside a container through
/// exec: nothing is sent from the host to a bridge address.
/// </summary>
public sealed class NetworkTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Network_TwoContainers_ReachEachOtherByNameUntilDisconnected()
    {
        var net = await CreateNetworkAsync(Actors.OperatorA, Actors.TeamA);
        var server = TestNames.Unique("server");
        var client = TestNames.Unique("client");
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Request(server, "sh", "-c",
            "mkdir -p /www && echo hello-from-server > /www/index.html && exec httpd -f -p 8080 -h /www") with { Networks = [net], Team = Actors.TeamA }, Token);
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(client) with { Networks = [net], Team = Actors.TeamA }, Token);

        // httpd needs a moment to listen; poll from inside the client until it answers.
        // No -T: the static busybox 1.35 wget crashes (SIGSEGV) with it.
        string[] wget = ["wget", "-q", "-O", "-", $"http://{server}:8080/"];
        var answer = await Poll.UntilAsync(async ct =>
        {
            var (exit, stdout, _) = await ContainerExec.RunAsync(Fixture.Daemon.Client, client, wget, ct);
            return exit == 0 ? stdout : null;
        }, $"{client} reaching {server} by name", Token);
        Assert.Contains("hello-from-server", answer, StringComparison.Ordinal);

        var details = await Fixture.Networks.GetAsync(Actors.OperatorA, net, Token);
        Assert.Equal([client, server], details.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(details.Members, m => Assert.NotEqual("", m.IPv4Address));

        var refused = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Networks.RemoveAsync(Actors.OperatorA, net, Token));
        Assert.Contains(server, refused.Message, StringComparison.Ordinal);
        Assert.Contains(client, refused.Message, StringComparison.Ordinal);

        await Fixture.Networks.DisconnectAsync(Actors.OperatorA, net, client, force: false, Token);
        var (exitAfter, _, _) = await ContainerExec.RunAsync(Fixture.Daemon.Client, client, wget, Token);
        Assert.NotEqual(0, exitAfter);

        var audit = await Fixture.AuditAsync(net, Token);
        Assert.Contains(audit, a => a is { Action: "network.disconnect", Outcome: "succeeded" });
        Assert.Contains(audit, a => a is { Action: "network.remove", Outcome: "conflict" });
    }

    [Fact]
    public async Task Network_ConnectAfterRun_WithAlias_AndRemoveWhenEmpty()
    {
        var net = await CreateNetworkAsync(Actors.OperatorA, Actors.TeamA);
        var name = TestNames.Unique("late");
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name) with { Team = Actors.TeamA }, Token);

        await Fixture.Networks.ConnectAsync(Actors.OperatorA, net, new ConnectNetworkRequest { Container = name, Aliases = ["db"] }, Token);

        var member = Assert.Single((await Fixture.Networks.GetAsync(Actors.OperatorA, net, Token)).Members);
        Assert.Equal(name, member.Name);
        Assert.Contains("db", member.Aliases);
        await Fixture.Containers.RemoveAsync(Actors.OperatorA, name, force: true, Token);
        await Fixture.Networks.RemoveAsync(Actors.OperatorA, net, Token);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Networks.GetAsync(Actors.Admin, net, Token));
    }

    [Fact]
    public async Task Network_OtherTeam_CannotSeeAttachOrRemove()
    {
        var net = await CreateNetworkAsync(Actors.OperatorA, Actors.TeamA);
        var mine = TestNames.Unique("b-own");
        await Fixture.Containers.RunAsync(Actors.OperatorB, Fixture.Sleeper(mine) with { Team = Actors.TeamB }, Token);

        Assert.DoesNotContain(await Fixture.Networks.ListAsync(Actors.OperatorB, Token), n => n.Name == net);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Networks.GetAsync(Actors.OperatorB, net, Token));
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Networks.ConnectAsync(Actors.OperatorB, net, new ConnectNetworkRequest { Container = mine }, Token));
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Networks.RemoveAsync(Actors.OperatorB, net, Token));
        var attach = TestNames.Unique("b-attach");
        // A run naming it fails exactly as for a network that does not exist (a bad request, as any missing dependency).
        var viaList = await FailsAsync(OperationOutcome.Invalid, () => Fixture.Containers.RunAsync(Actors.OperatorB, Fixture.Sleeper(attach) with { Team = Actors.TeamB, Networks = [net] }, Token));
        Assert.Equal($"Network {net} not found: name one of your teams' networks or a shared one.", viaList.Message);
        var viaMode = await FailsAsync(OperationOutcome.Invalid, () => Fixture.Containers.RunAsync(Actors.OperatorB, Fixture.Sleeper(attach) with { Team = Actors.TeamB, NetworkMode = net }, Token));
        Assert.Equal(viaList.Message, viaMode.Message);
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(attach, Token));

        // The owner's viewer sees it but cannot change it; the built-in networks are visible and read-only.
        Assert.Equal(net, (await Fixture.Networks.GetAsync(Actors.ViewerA, net, Token)).Summary.Name);
        await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Networks.RemoveAsync(Actors.ViewerA, net, Token));
        Assert.Contains(await Fixture.Networks.ListAsync(Actors.OperatorB, Token), n => n is { Name: "bridge", BuiltIn: true });
        await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Networks.RemoveAsync(Actors.OperatorB, "bridge", Token));
    }

    [Fact]
    public async Task Network_NonAdmin_RefusedHostAndMacvlan()
    {
        var name = TestNames.Unique("host-attach");
        var host = await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name) with { Team = Actors.TeamA, Networks = ["host"] }, Token));
        Assert.Equal(NetworkAccess.HostNetworkRule, host.Rule);

        var macvlan = await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Networks.CreateAsync(Actors.OperatorA, new CreateNetworkRequest
        {
            Name = TestNames.Unique("mac"),
            Driver = "macvlan",
            Options = new Dictionary<string, string> { ["parent"] = "eth0" },
            Labels = Fixture.Daemon.SessionLabels,
        }, Token));
        Assert.Equal("bridge-networks-only", macvlan.Rule);
    }

    private async Task<string> CreateNetworkAsync(Actor actor, string team)
    {
        var name = TestNames.Unique("net");
        var created = await Fixture.Networks.CreateAsync(actor, new CreateNetworkRequest
        {
            Name = name,
            Team = team,
            Labels = Fixture.Daemon.SessionLabels,
        }, Token);
        Assert.Equal((name, team), (created.Name, created.Team));
        return name;
    }
}
