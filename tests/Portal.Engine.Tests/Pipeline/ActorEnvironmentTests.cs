using Portal.Data.Entities;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Pipeline;

/// <summary>An actor as one environment sees them: only the teams granted it, each at the lower of member role and grant.</summary>
public sealed class ActorEnvironmentTests
{
    private const int Local = 1;
    private const int Prod = 2;
    private const int Staging = 3;

    /// <summary>Operator of web and ops, viewer of data; web is Operator on local and Viewer on prod, ops only on local, data on staging.</summary>
    private static Actor Member(bool admin = false) =>
        new("u1", "alice", admin, new Dictionary<string, TeamRole>
        {
            ["web"] = TeamRole.Operator,
            ["ops"] = TeamRole.Operator,
            ["data"] = TeamRole.Viewer,
        })
        {
            EnvironmentGrants = new Dictionary<string, IReadOnlyDictionary<int, TeamRole>>(StringComparer.OrdinalIgnoreCase)
            {
                ["web"] = new Dictionary<int, TeamRole> { [Local] = TeamRole.Operator, [Prod] = TeamRole.Viewer },
                ["ops"] = new Dictionary<int, TeamRole> { [Local] = TeamRole.Operator },
                ["data"] = new Dictionary<int, TeamRole> { [Staging] = TeamRole.Operator },
            },
        };

    [Fact]
    public void In_KeepsGrantedTeamsAtTheLowerRole()
    {
        var prod = Member().In(Prod);

        Assert.Equal(Prod, prod.EnvironmentId);
        Assert.Equal(["web"], prod.Teams.Keys);
        Assert.Equal(TeamRole.Viewer, prod.Teams["web"]);
        Assert.True(prod.CanSee("web"));
        Assert.False(prod.CanOperate("web"));
        Assert.False(prod.CanSee("ops"));
        Assert.Empty(prod.OperableTeams);

        // A grant above the member's role does not raise it.
        var staging = Member().In(Staging);
        Assert.Equal(TeamRole.Viewer, Assert.Single(staging.Teams).Value);

        var local = Member().In(Local);
        Assert.Equal(["ops", "web"], local.OperableTeams.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void In_AgainFromANarrowedActor_StartsFromEveryTeam()
    {
        var again = Member().In(Prod).In(Local);

        Assert.Equal(Local, again.EnvironmentId);
        Assert.Equal(["ops", "web"], again.Teams.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TeamRole.Operator, again.Teams["web"]);
    }

    [Fact]
    public void In_UngrantedEnvironment_LeavesNoTeam()
    {
        var nowhere = Member().In(99);

        Assert.Empty(nowhere.Teams);
        Assert.False(nowhere.CanSee("web"));
        Assert.False(Member().MayUse(99));
    }

    [Fact]
    public void MayUse_AnyTeamGranted_AlsoAfterNarrowing()
    {
        var actor = Member();

        Assert.True(actor.MayUse(Local));
        Assert.True(actor.MayUse(Prod));
        Assert.True(actor.MayUse(Staging));
        // Narrowed to prod, the actor may still be narrowed to staging: MayUse reads every team.
        Assert.True(actor.In(Prod).MayUse(Staging));
    }

    [Fact]
    public void AdminsAndUnnarrowedActors_KeepEveryTeamAndMayUseAll()
    {
        var admin = Member(admin: true).In(99);
        Assert.Equal(3, admin.Teams.Count);
        Assert.True(admin.MayUse(99));
        Assert.True(admin.CanOperate("anything"));

        var plain = new Actor("u", "bob", false, new Dictionary<string, TeamRole> { ["web"] = TeamRole.Operator });
        Assert.True(plain.MayUse(42));
        Assert.Equal(TeamRole.Operator, plain.In(42).Teams["web"]);
        Assert.True(Actor.System.MayUse(42));
    }
}
