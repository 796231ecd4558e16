using Portal.Engine.Pipeline;
using Portal.Engine.Admission;

namespace Portal.Engine.Tests.Admission;

/// <summary>Each rule on its own, table-driven, against explicit settings.</summary>
public sealed class AdmissionRuleTests
{
    private static ContainerSpec Plain => new() { Image = "busybox", Team = "alpha" };

    [Theory]
    [InlineData("SYS_ADMIN", "", false)]
    [InlineData("NET_ADMIN", "NET_ADMIN", true)]
    [InlineData("net_admin", "NET_ADMIN", true)]
    [InlineData("CAP_NET_ADMIN", "NET_ADMIN", true)]
    [InlineData("cap_net_admin", "cap_net_admin", true)]
    [InlineData("NET_ADMIN", "CAP_NET_ADMIN", true)]
    [InlineData(" Net_Admin ", "net_admin", true)]
    [InlineData("NET_RAW", "NET_ADMIN", false)]
    [InlineData("ALL", "NET_ADMIN", false)]
    [InlineData("all", "NET_ADMIN,SYS_ADMIN", false)]
    [InlineData("CAP_ALL", "NET_ADMIN", false)]
    [InlineData("ALL", "all", true)]
    [InlineData("SYS_ADMIN", "ALL", true)]
    [InlineData("sys_admin", "cap_all", true)]
    public void Capabilities_NameForms_ComparedCaseInsensitivelyWithAndWithoutCapPrefix(string added, string allowList, bool allowed)
    {
        var settings = new PolicySettings { AllowedCapabilities = allowList.Split(',', StringSplitOptions.RemoveEmptyEntries) }.Normalize();

        var refusal = new NoAddedCapabilitiesRule().Check(ContainerAdmission.Of(Plain with { CapAdd = [added] }, settings));

        Assert.Equal(allowed, refusal is null);
        if (refusal is not null)
        {
            Assert.Equal("allowedCapabilities", refusal.Setting);
        }
    }

    [Theory]
    [InlineData("/var/run/docker.sock")]
    [InlineData("/run/docker.sock")]
    [InlineData("/var/run")]
    [InlineData("/var/run/")]
    [InlineData("/run")]
    [InlineData("/var")]
    [InlineData("/")]
    [InlineData("//var//run//docker.sock")]
    [InlineData("/var/run/../run/docker.sock")]
    [InlineData("/tmp/../run")]
    [InlineData("/run/./docker.sock")]
    [InlineData("/run/containerd/containerd.sock")]
    [InlineData("/srv/elsewhere/docker.sock")]
    [InlineData("/proc")]
    [InlineData("/proc/1/root")]
    [InlineData("/proc/self/root/run")]
    public void DockerSocket_AnyPathReachingIt_Refused(string source)
    {
        var spec = Plain with { Binds = [$"{source}:/mnt:ro"] };
        var settings = new PolicySettings { BindPrefixes = [new BindPrefix("/", ReadWrite: true)] }.Normalize();

        var refusal = new DockerSocketRule().Check(ContainerAdmission.Of(spec, settings));

        Assert.NotNull(refusal);
        Assert.Null(refusal.Setting);
    }

    [Theory]
    [InlineData("/srv/data")]
    [InlineData("/home/someone/project")]
    [InlineData("/run-not-really")]
    [InlineData("/var/lib/app")]
    public void DockerSocket_UnrelatedPaths_LeftToBindRule(string source)
    {
        Assert.Null(new DockerSocketRule().Check(ContainerAdmission.Of(Plain with { Binds = [$"{source}:/mnt"] })));
    }

    [Fact]
    public void DockerSocket_SymlinkedParentDirectory_Refused()
    {
        var dir = Directory.CreateTempSubdirectory("portal-socket-link-");
        try
        {
            var link = Path.Combine(dir.FullName, "sockets");
            Directory.CreateSymbolicLink(link, "/run");
            var viaFile = Path.Combine(dir.FullName, "innocent");
            Directory.CreateSymbolicLink(viaFile, "/var/run/docker.sock");

            Assert.NotNull(new DockerSocketRule().Check(ContainerAdmission.Of(Plain with { Binds = [$"{link}:/mnt"] })));
            Assert.NotNull(new DockerSocketRule().Check(ContainerAdmission.Of(Plain with { Binds = [$"{link}/docker.sock:/s"] })));
            Assert.NotNull(new DockerSocketRule().Check(ContainerAdmission.Of(Plain with { Binds = [$"{viaFile}:/s"] })));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("/srv/data:/data:ro", "/srv/data", false, true)]
    [InlineData("/srv/data/sub:/data:ro", "/srv/data", false, true)]
    [InlineData("/srv/data:/data", "/srv/data", false, false)]
    [InlineData("/srv/data:/data:rw", "/srv/data", false, false)]
    [InlineData("/srv/data:/data", "/srv/data", true, true)]
    [InlineData("/srv/database:/data:ro", "/srv/data", true, false)]
    [InlineData("/srv/data/../../etc:/data:ro", "/srv/data", true, false)]
    [InlineData("/etc:/host-etc:ro", "/srv/data", true, false)]
    [InlineData("/srv/data/:/data:ro", "/srv/data/", false, true)]
    [InlineData("relative:/data", "/srv", true, false)]
    public void HostBinds_OnlyUnderPrefix_ReadOnlyUnlessPrefixReadWrite(string bind, string prefix, bool readWrite, bool allowed)
    {
        var settings = new PolicySettings { BindPrefixes = [new BindPrefix(prefix, readWrite)] }.Normalize();

        var refusal = new NoHostBindsRule().Check(ContainerAdmission.Of(Plain with { Binds = [bind] }, settings));

        Assert.Equal(allowed, refusal is null);
    }

    [Fact]
    public void HostBinds_NoPrefixes_RefusedNamingTheSetting()
    {
        var refusal = new NoHostBindsRule().Check(ContainerAdmission.Of(Plain with { Binds = ["/srv/data:/data:ro"] }));

        Assert.NotNull(refusal);
        Assert.Equal("bindPrefixes", refusal.Setting);
    }

    [Fact]
    public void HostBinds_SymlinkUnderPrefixLeadingOut_Refused()
    {
        var dir = Directory.CreateTempSubdirectory("portal-bind-prefix-");
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(dir.FullName, "escape"), "/etc");
            Directory.CreateDirectory(Path.Combine(dir.FullName, "inside"));
            var settings = new PolicySettings { BindPrefixes = [new BindPrefix(dir.FullName, ReadWrite: true)] }.Normalize();

            Assert.NotNull(new NoHostBindsRule().Check(ContainerAdmission.Of(Plain with { Binds = [$"{dir.FullName}/escape:/x"] }, settings)));
            Assert.Null(new NoHostBindsRule().Check(ContainerAdmission.Of(Plain with { Binds = [$"{dir.FullName}/inside:/x"] }, settings)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("net.ipv4.ping_group_range", "", true)]
    [InlineData("net/ipv4/ping_group_range", "", true)]
    [InlineData("net.ipv4.ip_unprivileged_port_start", "", true)]
    [InlineData("net.ipv4.ip_forward", "", false)]
    [InlineData("kernel.msgmax", "", false)]
    [InlineData("net.core.somaxconn", "net.core.*", true)]
    [InlineData("net.core.somaxconn", "net.core.somaxconn", true)]
    [InlineData("NET.CORE.SOMAXCONN", "net.core.somaxconn", true)]
    [InlineData("net.ipv4.ip_forward", "net.core.*", false)]
    public void Sysctls_OutsideAllowList_Refused(string name, string extra, bool allowed)
    {
        var settings = new PolicySettings { AllowedSysctls = [.. PolicySettings.SafeSysctls, .. extra.Split(',', StringSplitOptions.RemoveEmptyEntries)] }.Normalize();

        var refusal = new NoSysctlsRule().Check(ContainerAdmission.Of(Plain with { Sysctls = new Dictionary<string, string> { [name] = "1" } }, settings));

        Assert.Equal(allowed, refusal is null);
    }

    [Theory]
    [InlineData("network", "host", "", true)]
    [InlineData("pid", "host", "", true)]
    [InlineData("ipc", "host", "", true)]
    [InlineData("uts", "host", "", true)]
    [InlineData("userns", "host", "", true)]
    [InlineData("cgroupns", "host", "", true)]
    [InlineData("cgroupns", "private", "", false)]
    [InlineData("pid", "host", "pid", false)]
    [InlineData("network", "host", "pid", true)]
    [InlineData("ipc", "shareable", "", false)]
    [InlineData("network", "bridge", "", false)]
    public void Namespaces_HostUnlessListed_Refused(string ns, string mode, string allowedList, bool refused)
    {
        var spec = ns switch
        {
            "network" => Plain with { NetworkMode = mode },
            "pid" => Plain with { PidMode = mode },
            "ipc" => Plain with { IpcMode = mode },
            "uts" => Plain with { UtsMode = mode },
            "userns" => Plain with { UsernsMode = mode },
            _ => Plain with { CgroupnsMode = mode },
        };
        var settings = new PolicySettings { AllowedHostNamespaces = allowedList.Split(',', StringSplitOptions.RemoveEmptyEntries) }.Normalize();

        var refusal = new NoHostNamespacesRule().Check(ContainerAdmission.Of(spec, settings));

        Assert.Equal(refused, refusal is not null);
    }

    [Theory]
    [InlineData("alpha", true, false)]
    [InlineData("alpha", false, true)]
    [InlineData("beta", true, true)]
    [InlineData(null, true, true)]
    public void Namespaces_OtherContainer_OnlySameTeamWhenAllowed(string? otherTeam, bool allowSharing, bool refused)
    {
        var teams = new Dictionary<string, string?>();
        if (otherTeam is not null)
        {
            teams["other"] = otherTeam;
        }

        var settings = new PolicySettings { AllowSameTeamSharing = allowSharing };
        var rule = new NoHostNamespacesRule();

        foreach (var spec in new[]
        {
            Plain with { NetworkMode = "container:other" },
            Plain with { PidMode = "container:other" },
            Plain with { IpcMode = "container:other" },
            Plain with { VolumesFrom = ["other:ro"] },
        })
        {
            var refusal = rule.Check(new ContainerAdmission(spec, teams) { Settings = settings });
            Assert.Equal(refused, refusal is not null);
            if (refusal is not null)
            {
                Assert.Equal("allowSameTeamSharing", refusal.Setting);
            }
        }
    }

    [Theory]
    [InlineData("seccomp=unconfined", true)]
    [InlineData("seccomp:unconfined", true)]
    [InlineData("apparmor=unconfined", true)]
    [InlineData("apparmor:Unconfined", true)]
    [InlineData("label=disable", true)]
    [InlineData("label:disable", true)]
    [InlineData("label=type:spc_t", true)]
    [InlineData("systempaths=unconfined", true)]
    [InlineData("no-new-privileges=false", true)]
    [InlineData("no-new-privileges:false", true)]
    [InlineData("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[]}", true)]
    [InlineData("seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[]}", false)]
    [InlineData("no-new-privileges", false)]
    [InlineData("no-new-privileges=true", false)]
    [InlineData("apparmor=docker-default", false)]
    [InlineData("label=level:s0:c100,c200", false)]
    public void SecurityOptions_DisablingConfinement_Refused(string option, bool refused)
    {
        var refusal = new NoUnconfinedSecurityRule().Check(ContainerAdmission.Of(Plain with { SecurityOpt = [option] }));

        Assert.Equal(refused, refusal is not null);
    }

    [Fact]
    public void SecurityOptions_AllowedBySetting_Passes()
    {
        var settings = new PolicySettings { AllowUnconfinedSecurity = true };

        Assert.Null(new NoUnconfinedSecurityRule().Check(ContainerAdmission.Of(Plain with { SecurityOpt = ["seccomp=unconfined"] }, settings)));
    }

    [Theory]
    [InlineData("127.0.0.1:5000/", "127.0.0.1:5000/team/app:1", true)]
    [InlineData("127.0.0.1:5000/", "127.0.0.2:5000/team/app:1", false)]
    [InlineData("busybox", "busybox", true)]
    [InlineData("busybox", "busybox:1.36", true)]
    [InlineData("busybox", "docker.io/library/busybox:latest", true)]
    [InlineData("docker.io/library/busybox", "busybox:latest", true)]
    [InlineData("busybox", "busybox-evil:latest", false)]
    [InlineData("busybox", "someone/busybox", false)]
    [InlineData("portal-test/", "portal-test/busybox:latest", true)]
    [InlineData("alpine:3.20", "alpine:3.21", false)]
    public void Images_AllowList_MatchesPrefixesAndRepositories(string entry, string reference, bool allowed)
    {
        var settings = new PolicySettings { AllowedImages = [entry] }.Normalize();

        Assert.Equal(allowed, new AllowedImagesRule().Check(new ImagePullAdmission(reference) { Settings = settings }) is null);
    }

    [Fact]
    public void Images_EmptyAllowList_AllowsAny()
    {
        Assert.Null(new AllowedImagesRule().Check(ContainerAdmission.Of(Plain with { Image = "anything/at:all" })));
    }

    [Fact]
    public void Privileged_AllowedBySetting_Passes()
    {
        var spec = Plain with { Privileged = true };

        Assert.Equal("allowPrivileged", new NoPrivilegedRule().Check(ContainerAdmission.Of(spec))?.Setting);
        Assert.Null(new NoPrivilegedRule().Check(ContainerAdmission.Of(spec, new PolicySettings { AllowPrivileged = true })));
    }

    [Fact]
    public void Devices_AllowedBySetting_Passes()
    {
        var spec = Plain with { Devices = ["/dev/fuse"] };

        Assert.NotNull(new NoDevicesRule().Check(ContainerAdmission.Of(spec)));
        Assert.Null(new NoDevicesRule().Check(ContainerAdmission.Of(spec, new PolicySettings { AllowDevices = true })));
    }

    [Theory]
    [InlineData(false, 0, true)]
    [InlineData(true, 0, false)]
    [InlineData(true, 64 * 1024 * 1024, true)]
    public void MemoryLimit_RequiredWithoutLimit_Refused(bool required, long memory, bool allowed)
    {
        var settings = new PolicySettings { RequireMemoryLimit = required };

        Assert.Equal(allowed, new MemoryLimitRule().Check(ContainerAdmission.Of(Plain with { MemoryBytes = memory }, settings)) is null);
    }

    [Theory]
    [InlineData("/srv/../srv/data/", "/srv/data")]
    [InlineData("//a//b/./c/..", "/a/b")]
    [InlineData("/..", "/")]
    [InlineData("/", "/")]
    public void HostPaths_Normalize_CollapsesDotsAndSlashes(string path, string expected)
    {
        Assert.Equal(expected, HostPaths.Normalize(path));
    }

    [Fact]
    public void Settings_Normalize_RejectsRelativePrefixAndUnknownNamespace()
    {
        Assert.Throws<OperationFailedException>(() => new PolicySettings { BindPrefixes = [new BindPrefix("srv")] }.Normalize());
        Assert.Throws<OperationFailedException>(() => new PolicySettings { AllowedHostNamespaces = ["mount"] }.Normalize());
        Assert.Throws<OperationFailedException>(() => new PolicySettings { DefaultMemoryBytes = 1024 }.Normalize());
    }
}
