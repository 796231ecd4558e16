using Portal.Engine.Containers;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Containers;

public sealed class AdmissionTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    [Theory]
    [InlineData("privileged", "no-privileged")]
    [InlineData("docker-socket", "no-docker-socket")]
    [InlineData("host-bind", "no-host-binds")]
    [InlineData("network-host", "no-host-namespaces")]
    [InlineData("pid-host", "no-host-namespaces")]
    [InlineData("network-of-container", "no-host-namespaces")]
    [InlineData("cap-add", "no-added-capabilities")]
    [InlineData("device", "no-devices")]
    [InlineData("seccomp-unconfined", "no-unconfined-security")]
    public async Task Run_OperatorAskingForHostAccess_RefusedNamingRuleAndNothingCreated(string ask, string rule)
    {
        var name = TestNames.Unique("refused");
        var request = Asking(Fixture.Sleeper(name), ask);

        var ex = await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Containers.RunAsync(Actors.OperatorA, request, Token));

        Assert.Equal(rule, ex.Rule);
        Assert.Contains($"'{rule}'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        var audit = Assert.Single(await Fixture.AuditAsync(name, Token));
        Assert.Equal(("container.run", "forbidden", Actors.TeamA), (audit.Action, audit.Outcome, audit.Team));
        Assert.StartsWith($"[{rule}]", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AdminAddingCapability_Admitted()
    {
        var name = TestNames.Unique("admin-cap");

        await Fixture.Containers.RunAsync(Actors.Admin, Asking(Fixture.Sleeper(name), "cap-add"), Token);

        Assert.Single(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        Assert.Equal("succeeded", Assert.Single(await Fixture.AuditAsync(name, Token)).Outcome);
    }

    private static RunContainerRequest Asking(RunContainerRequest request, string ask) => ask switch
    {
        "privileged" => request with { Privileged = true },
        "docker-socket" => request with { Binds = ["/var/run/docker.sock:/var/run/docker.sock"] },
        "host-bind" => request with { Binds = ["/etc:/host-etc:ro"] },
        "network-host" => request with { NetworkMode = "host" },
        "pid-host" => request with { PidMode = "host" },
        "network-of-container" => request with { NetworkMode = "container:portal-test-anything" },
        "cap-add" => request with { CapAdd = ["NET_ADMIN"] },
        "device" => request with { Devices = ["/dev/fuse"] },
        "seccomp-unconfined" => request with { SecurityOpt = ["seccomp=unconfined"] },
        _ => throw new ArgumentOutOfRangeException(nameof(ask), ask, "unknown case"),
    };
}
