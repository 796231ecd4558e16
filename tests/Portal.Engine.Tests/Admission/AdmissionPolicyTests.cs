using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Engine.Pipeline;
using Portal.Engine.Admission;
using Portal.TestSupport;

namespace Portal.Engine.Tests.Admission;

public sealed class AdmissionPolicyTests
{
    private static readonly TestActors s_actors = TestActors.CreateDetached();

    /// <summary>One offending spec per case; the key names what it asks for.</summary>
    public static ContainerSpec Offending(string key) => key switch
    {
        "privileged" => Plain with { Privileged = true },
        "docker-socket-bind" => Plain with { Binds = ["/var/run/docker.sock:/var/run/docker.sock"] },
        "docker-socket-dir" => Plain with { Binds = ["/run:/host-run"] },
        "docker-socket-volume" => Plain with { Volumes = ["/var/run/docker.sock:/sock"] },
        "host-bind" => Plain with { Binds = ["/etc:/host-etc:ro"] },
        "network-host" => Plain with { NetworkMode = "host" },
        "network-container" => Plain with { NetworkMode = "container:other" },
        "pid-host" => Plain with { PidMode = "HOST" },
        "ipc-host" => Plain with { IpcMode = "host" },
        "uts-host" => Plain with { UtsMode = "host" },
        "userns-host" => Plain with { UsernsMode = "host" },
        "cap-add" => Plain with { CapAdd = ["SYS_ADMIN"] },
        "device" => Plain with { Devices = ["/dev/fuse"] },
        "seccomp-unconfined" => Plain with { SecurityOpt = ["seccomp=unconfined"] },
        "apparmor-unconfined" => Plain with { SecurityOpt = ["apparmor:unconfined"] },
        "label-disable" => Plain with { SecurityOpt = ["label=disable"] },
        "no-new-privileges-false" => Plain with { SecurityOpt = ["no-new-privileges=false"] },
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "unknown case"),
    };

    private static ContainerSpec Plain => new() { Image = "busybox", Team = s_actors.TeamA };

    [Theory]
    [InlineData("privileged", "no-privileged")]
    [InlineData("docker-socket-bind", "no-docker-socket")]
    [InlineData("docker-socket-dir", "no-docker-socket")]
    [InlineData("docker-socket-volume", "no-docker-socket")]
    [InlineData("host-bind", "no-host-binds")]
    [InlineData("network-host", "no-host-namespaces")]
    [InlineData("network-container", "no-host-namespaces")]
    [InlineData("pid-host", "no-host-namespaces")]
    [InlineData("ipc-host", "no-host-namespaces")]
    [InlineData("uts-host", "no-host-namespaces")]
    [InlineData("userns-host", "no-host-namespaces")]
    [InlineData("cap-add", "no-added-capabilities")]
    [InlineData("device", "no-devices")]
    [InlineData("seccomp-unconfined", "no-unconfined-security")]
    [InlineData("apparmor-unconfined", "no-unconfined-security")]
    [InlineData("label-disable", "no-unconfined-security")]
    [InlineData("no-new-privileges-false", "no-unconfined-security")]
    public void Admit_OperatorAskingForHostAccess_ForbiddenNamingRule(string spec, string rule)
    {
        var policy = CreatePolicy();

        var ex = Assert.Throws<OperationFailedException>(() => policy.Admit(s_actors.OperatorA, ContainerAdmission.Of(Offending(spec))));

        Assert.Equal(OperationOutcome.Forbidden, ex.Outcome);
        Assert.Equal(rule, ex.Rule);
        Assert.Contains($"'{rule}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("privileged")]
    [InlineData("docker-socket-bind")]
    [InlineData("host-bind")]
    [InlineData("network-host")]
    [InlineData("pid-host")]
    [InlineData("cap-add")]
    [InlineData("device")]
    [InlineData("seccomp-unconfined")]
    public void Admit_AdminAskingForHostAccess_Passes(string spec)
    {
        var policy = CreatePolicy();

        policy.Admit(s_actors.Admin, ContainerAdmission.Of(Offending(spec)));

        Assert.Equal(18, policy.Rules.Count);
    }

    [Fact]
    public void Admit_OperatorWithPlainSpec_Passes()
    {
        var policy = CreatePolicy();
        var spec = Plain with
        {
            Volumes = ["data:/data"],
            NetworkMode = "bridge",
            SecurityOpt = ["no-new-privileges=true", "seccomp=/etc/profile.json"],
            Ports = [new PortMapping("127.0.0.1", 8080, 80, "tcp")],
        };

        policy.Admit(s_actors.OperatorA, ContainerAdmission.Of(spec));

        Assert.All(policy.Rules.OfType<IAdmissionRule<ContainerAdmission>>(), r => Assert.Null(r.Check(ContainerAdmission.Of(spec))));
    }

    [Fact]
    public void Admit_ViewerAskingForPrivileged_Forbidden()
    {
        var ex = Assert.Throws<OperationFailedException>(() => CreatePolicy().Admit(s_actors.ViewerA, ContainerAdmission.Of(Offending("privileged"))));

        Assert.Equal("no-privileged", ex.Rule);
    }

    [Fact]
    public void Admit_SeveralViolations_FirstRuleInOrderRefuses()
    {
        var policy = CreatePolicy();
        var spec = Plain with { CapAdd = ["NET_ADMIN"], Privileged = true };

        var ex = Assert.Throws<OperationFailedException>(() => policy.Admit(s_actors.OperatorA, ContainerAdmission.Of(spec)));

        var expected = policy.Rules.OfType<IAdmissionRule<ContainerAdmission>>().First(r => r.Check(ContainerAdmission.Of(spec)) is not null).Name;
        Assert.Equal(expected, ex.Rule);
    }

    [Fact]
    public void AddPortalEngine_RegistersEveryRule_OnceEach()
    {
        var names = CreatePolicy().Rules.Select(r => r.Name).ToList();

        Assert.Equal(
            ["admin-shares-networks", "allowed-images", "bridge-networks-only", "local-volumes-only", "may-exec", "memory-limit-required", "no-added-capabilities", "no-devices",
                "no-docker-socket", "no-host-binds", "no-host-namespaces", "no-network-driver-options", "no-privileged", "no-privileged-exec", "no-root-exec", "no-sysctls",
                "no-unconfined-security", "no-volume-driver-options"],
            names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DockerSocketRule_DockerSocketBind_Refused()
    {
        var spec = Offending("docker-socket-bind");

        Assert.NotNull(new DockerSocketRule().Check(ContainerAdmission.Of(spec)));
    }

    /// <summary>The policy as the Engine registers it, so a rule left out of DI fails here.</summary>
    private static AdmissionPolicy CreatePolicy()
    {
        using var services = new ServiceCollection().AddLogging().AddPortalData(":memory:").AddPortalEngine(_ => { }).BuildServiceProvider();
        return services.GetRequiredService<AdmissionPolicy>();
    }
}
