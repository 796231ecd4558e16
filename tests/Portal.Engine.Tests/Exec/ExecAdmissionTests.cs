using Portal.Data.Entities;
using Portal.Engine.Exec;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Exec;

public sealed class ExecAdmissionTests
{
    private static readonly Actor s_operator = new("u1", "op", IsAdmin: false, new Dictionary<string, TeamRole> { ["web"] = TeamRole.Operator });
    private static readonly Actor s_admin = new("u0", "admin", IsAdmin: true, new Dictionary<string, TeamRole>());

    [Fact]
    public void Admit_PrivilegedByOperator_RefusedNamingTheRule()
    {
        var ex = Assert.Throws<OperationFailedException>(() => ExecAdmission.Admit(s_operator, new ExecRequest { Privileged = true }, null, new ExecOptions()));

        Assert.Equal((OperationOutcome.Forbidden, ExecAdmission.NoPrivilegedExec), (ex.Outcome, ex.Rule));
    }

    [Fact]
    public void Admit_PrivilegedByAdmin_Allowed() =>
        ExecAdmission.Admit(s_admin, new ExecRequest { Privileged = true, User = "root" }, null, new ExecOptions { ForbidRootForNonAdmins = true });

    [Fact]
    public void Admit_RootWhilePolicyOff_Allowed() =>
        ExecAdmission.Admit(s_operator, new ExecRequest { User = "root" }, null, new ExecOptions());

    [Theory]
    [InlineData("root", null, true)]
    [InlineData("0:0", null, true)]
    [InlineData("", null, true)]
    [InlineData("", "app", false)]
    [InlineData("", "0", true)]
    [InlineData("app", "root", false)]
    [InlineData("1000:1000", null, false)]
    public void Admit_RootPolicyOn_RefusesOnlyUidZero(string user, string? containerUser, bool refused)
    {
        var options = new ExecOptions { ForbidRootForNonAdmins = true };

        var ex = Record.Exception(() => ExecAdmission.Admit(s_operator, new ExecRequest { User = user }, containerUser, options));

        Assert.Equal(refused, ex is OperationFailedException { Rule: ExecAdmission.NoRootExec });
        Assert.True(refused || ex is null);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("root", true)]
    [InlineData("000", true)]
    [InlineData("root:wheel", true)]
    [InlineData("rooted", false)]
    [InlineData("10", false)]
    public void IsRoot_UserSpec_MatchesUidZero(string? user, bool root) => Assert.Equal(root, ExecAdmission.IsRoot(user));
}
