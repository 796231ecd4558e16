using System.Text.RegularExpressions;
using Portal.Data.Entities;
using Portal.Engine.Admission;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Admission;

/// <summary>
/// Every admission rule against every request kind it applies to, once, through the one entry point: the rule alone
/// refuses what it should (naming itself), lets the rest pass, and an administrator passes either way. The table must
/// list exactly the (rule, kind) pairs the rules declare, so a new kind or rule without a row fails here.
/// </summary>
public sealed class AdmissionTableTests
{
    private static readonly Actor s_operator = new("u1", "op", false, new Dictionary<string, TeamRole> { ["alpha"] = TeamRole.Operator },
        ExecTeams: new HashSet<string> { "alpha" });

    private static readonly Actor s_admin = new("u0", "admin", true, new Dictionary<string, TeamRole>());

    private static ContainerSpec Plain => new() { Image = "busybox", Team = "alpha", MemoryBytes = 64 * 1024 * 1024 };

    private static readonly PolicySettings s_default = PolicySettings.Default;

    /// <summary>One row: the rule, the kind, a request it refuses and one it allows, under the settings given.</summary>
    private sealed record Row(IAdmissionRule Rule, Type Kind, AdmissionRequest Refused, AdmissionRequest Allowed, PolicySettings Settings);

    private static readonly IReadOnlyList<Row> s_rows = Build();

    public static TheoryData<string> Rows => [.. s_rows.Select(Key)];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Rule_JudgesItsKind_ThroughTheEntryPoint(string key)
    {
        var row = s_rows.Single(r => Key(r) == key);
        var policy = new AdmissionPolicy([row.Rule], null!);

        var ex = Assert.Throws<OperationFailedException>(() => policy.Admit(s_operator, row.Refused, row.Settings));
        Assert.Equal(OperationOutcome.Forbidden, ex.Outcome);
        Assert.Equal(row.Rule.Name, ex.Rule);
        Assert.StartsWith($"Refused by rule '{row.Rule.Name}': ", ex.Message, StringComparison.Ordinal);

        policy.Admit(s_operator, row.Allowed, row.Settings);
        policy.Admit(s_admin, row.Refused, row.Settings);
    }

    /// <summary>
    /// Every rule's refusal, through the one composer, is one sentence that names the rule once and its setting at
    /// most once, and says which request field it is about (the exec permission concerns the exec as a whole); told
    /// for a stack it is still one sentence naming the rule once.
    /// </summary>
    [Theory]
    [MemberData(nameof(Rows))]
    public void Refusal_IsOneSentence_NamingTheRuleOnce_AlsoWhenAStackTellsIt(string key)
    {
        var row = s_rows.Single(r => Key(r) == key);
        var policy = new AdmissionPolicy([row.Rule], null!);

        var ex = Assert.Throws<OperationFailedException>(() => policy.Admit(s_operator, row.Refused, row.Settings));
        AssertOneSentenceNamingOnce(ex.Message, row.Rule.Name);
        Assert.Equal(ex.Message, $"Refused by rule '{row.Rule.Name}': {ex.Reason}.");
        Assert.True(ex.Field is not null || row.Rule is ExecPermissionRule, $"{key}: no field");
        Assert.Empty(ex.Problems);

        var told = new StackAdmissions([(row.Refused, _ => new StackRefusalSubject("Service 'web' (key 'k')", "services.web.k"))]).Refused([(row.Refused, ex)]);
        var problem = Assert.Single(told.Problems);
        AssertOneSentenceNamingOnce(problem.Message, row.Rule.Name);
        Assert.Equal("services.web.k", problem.Field);
        Assert.Equal($"{problem.Message}\nNothing was deployed.", told.Message);
    }

    [Fact]
    public void Admit_SeveralRulesRefuseOneRequest_SaysEveryOne_EachWithItsField()
    {
        var policy = new AdmissionPolicy([new NoPrivilegedRule(), new NoHostBindsRule(), new NoAddedCapabilitiesRule()], null!);
        var spec = Plain with { Privileged = true, Binds = ["/srv/a:/a:ro", "/etc:/b:ro"], CapAdd = ["SYS_ADMIN"] };

        var ex = Assert.Throws<OperationFailedException>(() => policy.Admit(s_operator, ContainerAdmission.Of(spec), s_default));

        Assert.Equal("no-privileged", ex.Rule);
        Assert.Equal(["privileged", "binds[0]", "capAdd"], ex.Problems.Select(p => p.Field));
        Assert.Equal(["no-privileged", "no-host-binds", "no-added-capabilities"], ex.Problems.Select(p => p.Rule));
        Assert.Equal(string.Join(' ', ex.Problems.Select(p => p.Message)), ex.Message);
    }

    private static void AssertOneSentenceNamingOnce(string text, string rule)
    {
        Assert.Single(Regex.Matches(text, $@"(?<![\w-]){Regex.Escape(rule)}(?![\w-])"));
        Assert.True(Regex.Matches(text, "policy setting", RegexOptions.IgnoreCase).Count <= 1, text);
        // Quoted values (paths, option text) may hold anything; outside them, one full stop, at the end.
        var words = Regex.Replace(text, "'[^']*'", "''");
        Assert.EndsWith(".", words, StringComparison.Ordinal);
        Assert.DoesNotContain(". ", words, StringComparison.Ordinal);
        Assert.DoesNotContain("..", words, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_ListsEveryRuleAgainstEveryKindItAppliesTo()
    {
        var kinds = typeof(AdmissionRequest).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(AdmissionRequest)) && !t.IsAbstract).ToList();
        var declared = typeof(IAdmissionRule).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IAdmissionRule).IsAssignableFrom(t))
            .SelectMany(rule => kinds.Where(kind => Judges(rule, kind)).Select(kind => $"{rule.Name} × {kind.Name}"))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(declared, s_rows.Select(Key).Order(StringComparer.Ordinal).ToList());
        // The scan sees what it should: a rule that judges two kinds, and a kind derived from another.
        Assert.Contains("AllowedImagesRule × ImagePullAdmission", declared);
        Assert.Contains("NoPrivilegedRule × ComposeServiceAdmission", declared);
    }

    [Fact]
    public void Rule_IgnoresKindsItDoesNotJudge()
    {
        var policy = new AdmissionPolicy([new NoPrivilegedRule(), new BridgeNetworksOnlyRule()], null!);

        policy.Admit(s_operator, new ExecAdmission("alpha", Privileged: true, User: "app"), s_default);
        policy.Admit(s_operator, new VolumeCreateAdmission("nfs", null), s_default);
    }

    private static bool Judges(Type rule, Type kind) => rule.GetInterfaces().Any(i =>
        i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAdmissionRule<>) && i.GenericTypeArguments[0].IsAssignableFrom(kind));

    private static string Key(Row row) => $"{row.Rule.GetType().Name} × {row.Kind.Name}";

    private static List<Row> Build()
    {
        var containers = new (IAdmissionRule Rule, ContainerSpec Refused, PolicySettings Settings)[]
        {
            (new NoPrivilegedRule(), Plain with { Privileged = true }, s_default),
            (new DockerSocketRule(), Plain with { Binds = ["/var/run/docker.sock:/run/docker.sock"] }, s_default),
            (new NoHostBindsRule(), Plain with { Binds = ["/etc:/mnt:ro"] }, s_default),
            (new NoHostNamespacesRule(), Plain with { PidMode = "host" }, s_default),
            (new NoAddedCapabilitiesRule(), Plain with { CapAdd = ["SYS_ADMIN"] }, s_default),
            (new NoDevicesRule(), Plain with { Devices = ["/dev/sda"] }, s_default),
            (new NoUnconfinedSecurityRule(), Plain with { SecurityOpt = ["seccomp=unconfined"] }, s_default),
            (new NoSysctlsRule(), Plain with { Sysctls = new Dictionary<string, string> { ["kernel.shmmax"] = "1" } }, s_default),
            (new AllowedImagesRule(), Plain with { Image = "alpine" }, new PolicySettings { AllowedImages = ["busybox"] }),
            (new MemoryLimitRule(), Plain with { MemoryBytes = 0 }, new PolicySettings { RequireMemoryLimit = true }),
        };
        var rows = new List<Row>();
        foreach (var (rule, refused, settings) in containers)
        {
            rows.Add(new Row(rule, typeof(ContainerAdmission), ContainerAdmission.Of(refused), ContainerAdmission.Of(Plain), settings));
            rows.Add(new Row(rule, typeof(ComposeServiceAdmission), Service(refused), Service(Plain), settings));
        }

        rows.Add(new Row(new AllowedImagesRule(), typeof(ImagePullAdmission), new ImagePullAdmission("alpine:3"), new ImagePullAdmission("busybox:latest"),
            new PolicySettings { AllowedImages = ["busybox"] }));
        rows.Add(new Row(new NoHostNamespacesRule(), typeof(ImageBuildAdmission), new ImageBuildAdmission("host"), new ImageBuildAdmission("bridge"), s_default));
        rows.Add(new Row(new ExecPermissionRule(), typeof(ExecAdmission), new ExecAdmission("beta", false, "app"), new ExecAdmission("alpha", false, "app"), s_default));
        rows.Add(new Row(new PrivilegedExecRule(), typeof(ExecAdmission), new ExecAdmission("alpha", true, "app"), new ExecAdmission("alpha", false, "app"), s_default));
        rows.Add(new Row(new RootExecRule(), typeof(ExecAdmission), new ExecAdmission("alpha", false, "0:0"), new ExecAdmission("alpha", false, "app"),
            new PolicySettings { AllowRootExec = false }));
        rows.Add(new Row(new BridgeNetworksOnlyRule(), typeof(NetworkCreateAdmission), new NetworkCreateAdmission("macvlan", null, false), new NetworkCreateAdmission(null, null, false), s_default));
        rows.Add(new Row(new NoNetworkDriverOptionsRule(), typeof(NetworkCreateAdmission),
            new NetworkCreateAdmission("bridge", new Dictionary<string, string> { ["com.docker.network.bridge.name"] = "br0" }, false), new NetworkCreateAdmission("bridge", null, false), s_default));
        rows.Add(new Row(new AdminSharesNetworksRule(), typeof(NetworkCreateAdmission), new NetworkCreateAdmission(null, null, true), new NetworkCreateAdmission(null, null, false), s_default));
        rows.Add(new Row(new LocalVolumesOnlyRule(), typeof(VolumeCreateAdmission), new VolumeCreateAdmission("nfs", null), new VolumeCreateAdmission(" local ", null), s_default));
        rows.Add(new Row(new NoVolumeDriverOptionsRule(), typeof(VolumeCreateAdmission),
            new VolumeCreateAdmission(null, new Dictionary<string, string> { ["o"] = "bind", ["device"] = "/etc" }), new VolumeCreateAdmission(null, new Dictionary<string, string>()), s_default));
        return rows;
    }

    private static ComposeServiceAdmission Service(ContainerSpec spec) => new("web", spec, new Dictionary<string, string?>());
}
