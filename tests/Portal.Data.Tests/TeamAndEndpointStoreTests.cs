using Portal.Data.Entities;
using Portal.Data.Stores;

namespace Portal.Data.Tests;

public sealed class TeamAndEndpointStoreTests : DatabaseTestBase
{
    private TeamStore Teams => new(Database.Factory, Time);

    private EndpointStore Endpoints => new(Database.Factory, Time);

    [Fact]
    public async Task CreateTeam_NameTakenInAnyCase_Null()
    {
        Assert.NotNull(await Teams.CreateAsync("Blue", "first", Token));

        Assert.Null(await Teams.CreateAsync("blue", "second", Token));
        Assert.True(await Teams.ExistsAsync("BLUE", Token));
        Assert.False(await Teams.ExistsAsync("red", Token));
    }

    [Fact]
    public async Task SetMembership_ThenChangeRole_OneMembershipWithNewRole()
    {
        await Teams.CreateAsync("blue", null, Token);
        var userId = await AddUserAsync("alice");

        Assert.True(await Teams.SetMembershipAsync(userId, "blue", TeamRole.Viewer, Token));
        Assert.True(await Teams.SetMembershipAsync(userId, "blue", TeamRole.Operator, Token));

        Assert.Equal([new MembershipInfo("blue", TeamRole.Operator)], await Teams.GetMembershipsAsync(userId, Token));
        Assert.Equal(1, Assert.Single(await Teams.ListAsync(Token)).Members);
    }

    [Fact]
    public async Task SetMembership_UnknownTeam_False()
    {
        var userId = await AddUserAsync("alice");

        Assert.False(await Teams.SetMembershipAsync(userId, "nope", TeamRole.Operator, Token));
    }

    [Fact]
    public async Task RemoveMembership_Member_Gone()
    {
        await Teams.CreateAsync("blue", null, Token);
        var userId = await AddUserAsync("alice");
        await Teams.SetMembershipAsync(userId, "blue", TeamRole.Operator, Token);

        await Teams.RemoveMembershipAsync(userId, "blue", Token);

        Assert.Empty(await Teams.GetMembershipsAsync(userId, Token));
    }

    [Fact]
    public async Task EnsureEndpoint_SameNameTwice_SameIdAndNewUri()
    {
        var first = await Endpoints.EnsureAsync("local", "unix:///var/run/docker.sock", Token);

        var second = await Endpoints.EnsureAsync("local", "tcp://127.0.0.1:2375", Token);
        var other = await Endpoints.EnsureAsync("remote", "tcp://127.0.0.1:2376", Token);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        await using var db = await Database.Factory.CreateDbContextAsync(Token);
        Assert.Equal("tcp://127.0.0.1:2375", db.Endpoints.Single(e => e.Id == first).Uri);
    }

    private async Task<string> AddUserAsync(string name)
    {
        var user = new PortalUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), CreatedAt = Start.UtcDateTime };
        await using var db = await Database.Factory.CreateDbContextAsync(Token);
        db.Users.Add(user);
        await db.SaveChangesAsync(Token);
        return user.Id;
    }
}
