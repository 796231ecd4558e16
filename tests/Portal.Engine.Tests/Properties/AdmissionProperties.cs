using CsCheck;
using Portal.Engine.Admission;

namespace Portal.Engine.Tests.Properties;

/// <summary>
/// The admission rules' parsing of binds, capabilities and namespace modes: any string parses
/// without throwing, and a refused request stays refused however it is spelled (dots, doubled
/// slashes, case, <c>CAP_</c> prefixes, extra options).
/// </summary>
public sealed class AdmissionProperties
{
    private static readonly PolicySettings s_settings = new PolicySettings
    {
        BindPrefixes = [new BindPrefix("/srv/data", ReadWrite: true)],
        AllowedCapabilities = ["NET_ADMIN"],
    }.Normalize();

    private static ContainerSpec Plain => new() { Image = "busybox", Team = "alpha" };

    [Fact]
    public void Binds_AnyString_ParsesAndIsDecidedWithoutThrowing()
    {
        Gen.OneOf(Mutations.Of("/srv/data/x:/data:ro", "/etc:/etc", "vol:/v:rw,z"), Gen.String).Sample(bind =>
        {
            var parsed = BindMount.Parse(bind);
            Assert.NotNull(parsed.Source);
            _ = new NoHostBindsRule().Check(ContainerAdmission.Of(Plain with { Binds = [bind] }, s_settings));
        }, iter: 3000);
    }

    [Fact]
    public void Binds_EscapingTheAllowedPrefix_StayRefused_HoweverSpelled()
    {
        var escape = Gen.Select(
            Gen.OneOf<string>("/etc", "/srv/data/../../etc", "/srv/data/..", "/srv/data/./../secret", "/srv/database", "/srv", "/", "/root/.ssh", "/var/run/docker.sock"),
            Gen.Int[0, 3], Gen.OneOf<string>("", ":ro", ":rw", ":rw,z", ":ro,Z,nocopy", ":"));
        escape.Sample((source, spelling, options) =>
        {
            var spelled = spelling switch
            {
                0 => source,
                1 => source.Replace("/", "//", StringComparison.Ordinal),
                2 => source + "/",
                _ => source.Replace("/", "/./", StringComparison.Ordinal),
            };
            var bind = $"{spelled}:/mnt{options}";

            var refusal = new NoHostBindsRule().Check(ContainerAdmission.Of(Plain with { Binds = [bind] }, s_settings));

            Assert.True(refusal is not null, $"'{bind}' was admitted");
        }, iter: 2000);
    }

    [Fact]
    public void Capabilities_OutsideTheAllowList_StayRefused_HoweverSpelled()
    {
        var capability = Gen.Select(
            Gen.OneOf<string>("SYS_ADMIN", "ALL", "SYS_PTRACE", "NET_RAW", "SYS_MODULE", "DAC_READ_SEARCH"),
            Gen.Bool, Gen.Int[0, 2], Gen.OneOf<string>("", " ", "\t"));
        capability.Sample((name, prefixed, casing, padding) =>
        {
            var spelled = (prefixed ? "CAP_" : "") + name;
            spelled = padding + (casing switch { 0 => spelled, 1 => spelled.ToLowerInvariant(), _ => char.ToLowerInvariant(spelled[0]) + spelled[1..] }) + padding;

            var refusal = new NoAddedCapabilitiesRule().Check(ContainerAdmission.Of(Plain with { CapAdd = [spelled] }, s_settings));

            Assert.True(refusal is not null, $"'{spelled}' was admitted");
        }, iter: 1000);
    }

    [Fact]
    public void Capabilities_AnyString_AreDecidedWithoutThrowing()
    {
        Gen.String.Sample(name =>
        {
            _ = Capabilities.Normalize(name);
            _ = new NoAddedCapabilitiesRule().Check(ContainerAdmission.Of(Plain with { CapAdd = [name] }, s_settings));
        }, iter: 2000);
    }

    [Fact]
    public void HostModes_StayRefused_ForEveryNamespace()
    {
        Gen.Select(Gen.Int[0, 4], Gen.OneOf<string>("host", "container:other-team-box", "container:0123456789ab")).Sample((field, mode) =>
        {
            var spec = field switch
            {
                0 => Plain with { NetworkMode = mode },
                1 => Plain with { PidMode = mode },
                2 => Plain with { IpcMode = mode },
                3 => Plain with { UtsMode = mode == "host" ? mode : "host" },
                _ => Plain with { UsernsMode = "host" },
            };

            var refusal = new NoHostNamespacesRule().Check(ContainerAdmission.Of(spec, s_settings));

            Assert.True(refusal is not null, $"{spec.NetworkMode}/{spec.PidMode}/{spec.IpcMode}/{spec.UtsMode}/{spec.UsernsMode} was admitted");
        }, iter: 500);
    }

    [Fact]
    public void Modes_AnyString_AreDecidedWithoutThrowing()
    {
        Gen.Select(Gen.OneOf(Mutations.Of("host", "container:x", "bridge", "none"), Gen.String), Gen.Int[0, 4]).Sample((mode, field) =>
        {
            var spec = field switch
            {
                0 => Plain with { NetworkMode = mode },
                1 => Plain with { PidMode = mode },
                2 => Plain with { IpcMode = mode },
                3 => Plain with { UtsMode = mode },
                _ => Plain with { UsernsMode = mode },
            };
            _ = new NoHostNamespacesRule().Check(ContainerAdmission.Of(spec, s_settings));
        }, iter: 2000);
    }
}
