using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.Engine.Admission;

namespace Portal.Engine.Tests.Admission;

public sealed class ExecAndDefaultsTests
{
    private static readonly Actor s_operator = new("u1", "op", false, new Dictionary<string, TeamRole> { ["alpha"] = TeamRole.Operator, ["beta"] = TeamRole.Operator },
        ExecTeams: new HashSet<string> { "alpha" });

    private static readonly Actor s_viewer = new("u2", "viewer", false, new Dictionary<string, TeamRole> { ["alpha"] = TeamRole.Viewer },
        ExecTeams: new HashSet<string> { "alpha" });

    private static readonly Actor s_admin = new("u0", "admin", true, new Dictionary<string, TeamRole>());

    [Theory]
    [InlineData("alpha", false, "app", null)]
    [InlineData("beta", false, "app", "may-exec")]
    [InlineData("gamma", false, "app", "may-exec")]
    [InlineData("alpha", true, "app", "no-privileged-exec")]
    [InlineData("alpha", false, "", null)]
    [InlineData("alpha", false, "root", null)]
    public void CheckExec_DefaultSettings_RefusesPrivilegedAndMissingPermission(string team, bool privileged, string user, string? rule)
    {
        var ex = Record.Exception(() => CheckExec(s_operator, team, privileged, user, PolicySettings.Default));

        Assert.Equal(rule, (ex as OperationFailedException)?.Rule);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("root", true)]
    [InlineData("0", true)]
    [InlineData("0:0", true)]
    [InlineData("root:wheel", true)]
    [InlineData("000", true)]
    [InlineData(" 0 ", true)]
    [InlineData("1000", false)]
    [InlineData("10", false)]
    [InlineData("rooted", false)]
    [InlineData("app:app", false)]
    public void CheckExec_RootForbidden_RefusesEveryRootSpelling(string user, bool refused)
    {
        var settings = new PolicySettings { AllowRootExec = false };

        var ex = Record.Exception(() => CheckExec(s_operator, "alpha", false, user, settings));

        Assert.Equal(refused ? "no-root-exec" : null, (ex as OperationFailedException)?.Rule);
    }

    [Fact]
    public void CheckExec_ViewerOrReadOnly_RefusedAdminAlwaysPasses()
    {
        Assert.Equal("may-exec", Assert.Throws<OperationFailedException>(() => CheckExec(s_viewer, "alpha", false, "app", PolicySettings.Default)).Rule);
        Assert.Equal("may-exec", Assert.Throws<OperationFailedException>(() => CheckExec(s_operator with { ReadOnly = true }, "alpha", false, "app", PolicySettings.Default)).Rule);
        CheckExec(s_admin, "alpha", true, "root", new PolicySettings { AllowRootExec = false });
    }

    [Fact]
    public void CheckExec_PrivilegedAllowed_Passes()
    {
        CheckExec(s_operator, "alpha", true, "app", new PolicySettings { AllowPrivilegedExec = true });
    }

    [Fact]
    public void Refusal_NamesRuleAndSetting()
    {
        var ex = AdmissionPolicy.Refuse("no-privileged", new AdmissionRefusal("Privileged containers are reserved for administrators.", "allowPrivileged"));

        Assert.Equal(OperationOutcome.Forbidden, ex.Outcome);
        Assert.Contains("'no-privileged'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("allowPrivileged", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Admit_DefaultMemory_AppliedToSpecWithoutLimitOnly()
    {
        using var services = new ServiceCollection().AddLogging().AddPortalData(":memory:").AddPortalEngine(_ => { }).BuildServiceProvider();
        var policy = services.GetRequiredService<AdmissionPolicy>();
        var cache = services.GetRequiredService<PolicySettingsCache>();
        Assert.Same(PolicySettings.Default, cache.Current);
        var spec = new ContainerSpec { Image = "busybox", Team = "alpha" };

        Assert.Equal(0, policy.Admit(s_operator, ContainerAdmission.Of(spec)).Spec.MemoryBytes);
    }

    [Fact]
    public void Admit_MemoryRequiredNoDefault_RefusedNamingSetting()
    {
        var settings = new PolicySettings { RequireMemoryLimit = true };
        var policy = new AdmissionPolicy([new MemoryLimitRule()], null!);

        var ex = Assert.Throws<OperationFailedException>(() => policy.Admit(s_operator, ContainerAdmission.Of(new ContainerSpec { Image = "busybox", Team = "alpha" }), settings));

        Assert.Equal("memory-limit-required", ex.Rule);
        Assert.Contains("requireMemoryLimit", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The exec rules, in the order they are registered, through the entry point.</summary>
    private static void CheckExec(Actor actor, string team, bool privileged, string user, PolicySettings settings) =>
        new AdmissionPolicy([new ExecPermissionRule(), new PrivilegedExecRule(), new RootExecRule()], null!)
            .Admit(actor, new ExecAdmission(team, privileged, user), settings);
}
