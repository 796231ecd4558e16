using Portal.Data.Entities;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Pipeline;

public sealed class ActorTests
{
    private static Actor Member(TeamRole role, bool readOnly = false) =>
        new("u1", "alice", IsAdmin: false, new Dictionary<string, TeamRole> { ["alpha"] = role }, readOnly);

    [Theory]
    [InlineData("admin", "alpha", true, true)]
    [InlineData("admin", "other", true, true)]
    [InlineData("admin", null, true, true)]
    [InlineData("admin-readonly", "alpha", true, false)]
    [InlineData("operator", "alpha", true, true)]
    [InlineData("operator", "other", false, false)]
    [InlineData("operator", null, false, false)]
    [InlineData("operator-readonly", "alpha", true, false)]
    [InlineData("viewer", "alpha", true, false)]
    [InlineData("viewer", "other", false, false)]
    [InlineData("viewer", null, false, false)]
    [InlineData("nobody", "alpha", false, false)]
    [InlineData("system", "anything", true, true)]
    public void CanSeeAndCanOperate_RoleAndTeam_Matrix(string who, string? team, bool canSee, bool canOperate)
    {
        var actor = who switch
        {
            "admin" => new Actor("a", "root", IsAdmin: true, new Dictionary<string, TeamRole>()),
            "admin-readonly" => new Actor("a", "root", IsAdmin: true, new Dictionary<string, TeamRole>(), ReadOnly: true),
            "operator" => Member(TeamRole.Operator),
            "operator-readonly" => Member(TeamRole.Operator, readOnly: true),
            "viewer" => Member(TeamRole.Viewer),
            "nobody" => new Actor("n", "nobody", IsAdmin: false, new Dictionary<string, TeamRole>()),
            "system" => Actor.System,
            _ => throw new ArgumentOutOfRangeException(nameof(who)),
        };

        Assert.Equal(canSee, actor.CanSee(team));
        Assert.Equal(canOperate, actor.CanOperate(team));
    }

    [Fact]
    public void OperableTeams_MixedRoles_OnlyOperatorTeams()
    {
        var actor = new Actor("u", "bob", IsAdmin: false, new Dictionary<string, TeamRole>
        {
            ["alpha"] = TeamRole.Operator,
            ["beta"] = TeamRole.Viewer,
            ["gamma"] = TeamRole.Operator,
        });

        Assert.Equal(["alpha", "gamma"], actor.OperableTeams.Order(StringComparer.Ordinal));
    }
}
