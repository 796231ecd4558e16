using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Web.Tests.Pages;

/// <summary>The Users page against the real user and team operations (Identity on the test's SQLite file).</summary>
public sealed class UserListTests : PortalTestContext
{
    private const string Password = "a-long-Passw0rd";

    public UserListTests()
    {
        Services.AddIdentityCore<PortalUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>();
        Services.AddPortalUserOperations();
    }

    [Fact]
    public async Task CreateUser_TypedNewTeam_TeamCreatedByTheTeamOperationAudited_UserJoinsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (cut, dialogs) = await SubmitNewUserAsync("carol", Password, "night-shift");

        cut.WaitForAssertion(() => Assert.Contains("night-shift · Operator", cut.Find("[data-testid=users-table]").TextContent, StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll("[data-testid=user-create-submit]"));
        Assert.True(await Services.GetRequiredService<TeamStore>().ExistsAsync("night-shift", ct));
        var audit = await AuditAsync(ct);
        Assert.Contains(audit, a => a is { Action: "team.create", Target: "night-shift", Outcome: "succeeded", Actor: "root" });
        Assert.Contains(audit, a => a is { Action: "user.create", Target: "carol", Outcome: "succeeded" } && a.Detail!.Contains("night-shift", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateUser_RefusedAfterTheNewTeamWasMade_SecondTryUsesThatTeam()
    {
        var ct = TestContext.Current.CancellationToken;
        var (cut, dialogs) = await SubmitNewUserAsync("dave", "short", "late-shift");
        dialogs.WaitForAssertion(() => Assert.Contains("Passwords must be at least", dialogs.Find("[data-testid=dialog-error]").TextContent, StringComparison.Ordinal));

        dialogs.Find("#user-password").Change(Password);
        dialogs.Find("[data-testid=user-create-submit]").Click();

        cut.WaitForAssertion(() => Assert.Contains("late-shift · Operator", cut.Find("[data-testid=users-table]").TextContent, StringComparison.Ordinal));
        Assert.Single(await AuditAsync(ct), a => a is { Action: "team.create", Target: "late-shift" });
    }

    [Fact]
    public async Task Table_ShowsEachUsersRoles_AdminTeamRolesOrNone()
    {
        var ct = TestContext.Current.CancellationToken;
        await AddUserAsync("erin", ct, ("web", TeamRole.Viewer), ("db", TeamRole.Operator));
        await AddUserAsync("frank", ct, ("web", TeamRole.Viewer));
        await AddUserAsync("gina", ct);
        await SignInAsync("root", admin: true);
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().CreateAsync(new IdentityRole("Admin"));
            Assert.True((await users.AddToRoleAsync((await users.FindByNameAsync("root"))!, "Admin")).Succeeded);
        }

        var cut = Render<UserList>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=user-roles]").Count));
        var roles = cut.FindAll("tr").Where(r => r.QuerySelector("[data-testid=user-roles]") is not null)
            .ToDictionary(r => r.QuerySelector("strong")!.TextContent,
                r => string.Join(",", r.QuerySelectorAll("[data-testid=user-role]").Select(e => e.TextContent.Trim())));
        Assert.Equal("Admin", roles["root"]);
        Assert.Equal("Operator,Viewer", roles["erin"]);
        Assert.Equal("Viewer", roles["frank"]);
        Assert.Equal("no team: sees nothing", roles["gina"]);
        Assert.Contains("db · Operator", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("web · Viewer", cut.Markup, StringComparison.Ordinal);
    }

    /// <summary>A user who is not the one signed in, with memberships.</summary>
    private async Task AddUserAsync(string userName, CancellationToken ct, params (string Team, TeamRole Role)[] teams)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.Users.Add(new PortalUser { Id = "id-" + userName, UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(ct);
        }

        var store = Services.GetRequiredService<TeamStore>();
        foreach (var (team, role) in teams)
        {
            if (!await store.ExistsAsync(team, ct))
            {
                await store.CreateAsync(team, null, ct);
            }

            await store.SetMembershipAsync("id-" + userName, team, role, ct);
        }
    }

    /// <summary>As the administrator "root": opens the create dialog on the Users page, fills it with a new team and submits.</summary>
    private async Task<(IRenderedComponent<UserList> Page, IRenderedComponent<MudDialogProvider> Dialogs)> SubmitNewUserAsync(string user, string password, string newTeam)
    {
        await SignInAsync("root", admin: true);
        await LocalEnvironmentAsync();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UserList>();
        cut.WaitForAssertion(() => Assert.Contains("root", cut.Find("[data-testid=users-table]").TextContent, StringComparison.Ordinal));

        cut.Find("[data-testid=create-user]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#user-new-team"));
        dialogs.Find("#user-name").Change(user);
        dialogs.Find("#user-password").Change(password);
        dialogs.Find("#user-new-team").Change(newTeam);
        dialogs.Find("[data-testid=user-create-submit]").Click();
        return (cut, dialogs);
    }

    private async Task<List<AuditEntry>> AuditAsync(CancellationToken ct)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        return await db.Audit.AsNoTracking().ToListAsync(ct);
    }
}
