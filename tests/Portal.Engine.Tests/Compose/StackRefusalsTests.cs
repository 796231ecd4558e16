using Portal.Data.Entities;
using Portal.Engine.Admission;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Compose;

/// <summary>A compose file with several refused services is refused with every one of them, each by its key and rule, at once.</summary>
public sealed class StackRefusalsTests
{
    private static readonly Actor s_operator = new("u1", "op", false, new Dictionary<string, TeamRole> { ["alpha"] = TeamRole.Operator });

    private static readonly AdmissionPolicy s_policy = new(
        [new NoPrivilegedRule(), new DockerSocketRule(), new NoHostBindsRule(), new NoHostNamespacesRule(), new NoAddedCapabilitiesRule(), new BridgeNetworksOnlyRule()], null!);

    [Fact]
    public async Task Refused_ThreeServicesOfThreeRules_ThreeRefusals_EachItsServiceKeyAndRule()
    {
        var project = ComposeModelBinder.Bind(ComposeTestFiles.Load("""
            services:
              ok: {image: busybox}
              priv: {image: busybox, privileged: true}
              hostdir: {image: busybox, volumes: ["/etc:/host-etc:ro"]}
              caps: {image: busybox, cap_add: [SYS_ADMIN]}
            """).Ok(), "three");

        var (refusal, admitted) = await RefuseAsync(project);

        Assert.Equal("ok", Assert.Single(admitted.OfType<ComposeServiceAdmission>()).Service);
        Assert.Equal(
            [
                ("services.caps.cap_add", "no-added-capabilities"),
                ("services.hostdir.volumes", "no-host-binds"),
                ("services.priv.privileged", "no-privileged"),
            ],
            refusal.Problems.Select(p => (p.Field, p.Rule)));
        Assert.Equal(OperationOutcome.Forbidden, refusal.Outcome);
        Assert.Equal("no-added-capabilities", refusal.Rule);
        Assert.StartsWith("Service 'caps' (key 'cap_add') is refused by rule 'no-added-capabilities': ", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("\nService 'hostdir' (key 'volumes') is refused by rule 'no-host-binds': Mounting host path '/etc' is reserved for administrators; use a named volume, or an administrator adds a prefix to policy setting 'bindPrefixes'.\n", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("\nService 'priv' (key 'privileged') is refused by rule 'no-privileged': Privileged containers are reserved for administrators (policy setting 'allowPrivileged').\n", refusal.Message, StringComparison.Ordinal);
        Assert.EndsWith("\nNothing was deployed.", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_OneServiceTwoRules_AndANetwork_EveryRuleOnce()
    {
        var project = ComposeModelBinder.Bind(ComposeTestFiles.Load("""
            services:
              both: {image: busybox, privileged: true, pid: host}
            networks:
              lan: {driver: macvlan}
            """).Ok(), "two");

        var (refusal, _) = await RefuseAsync(project);

        Assert.Equal(
            [
                ("services.both.privileged", "no-privileged"),
                ("services.both.pid", "no-host-namespaces"),
                ("networks.lan", "bridge-networks-only"),
            ],
            refusal.Problems.Select(p => (p.Field, p.Rule)));
        Assert.Contains("\nKey 'networks.lan' is refused by rule 'bridge-networks-only': Network driver 'macvlan' is reserved for administrators; use bridge.\n", refusal.Message, StringComparison.Ordinal);
    }

    private static async Task<(OperationFailedException Refusal, IReadOnlyList<AdmissionRequest> Admitted)> RefuseAsync(ComposeProject project)
    {
        var admissions = await StackPlans.AdmissionsOf(project, "alpha", _ => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>()));
        var verdicts = s_policy.AdmitEach(s_operator, admissions.Requests, PolicySettings.Default);
        return (admissions.Refused(verdicts.Refused), verdicts.Admitted);
    }
}
