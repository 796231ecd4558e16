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
            .AddDefaultTokenProviders()
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
        // Each of Identity's password rules is one sentence, said under the password field only.
        dialogs.WaitForAssertion(() => Assert.Contains("Passwords must be at least", Control(dialogs, "#user-password").TextContent, StringComparison.Ordinal));
        Assert.Single(dialogs.FindAll(".mud-input-control.mud-input-error"));
        Assert.Empty(dialogs.FindAll("[data-testid=dialog-error]"));

        dialogs.Find("#user-password").Input(Password);
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

    [Fact]
    public async Task CreateUser_ExistingName_MarksTheNameField_UntilItIsEdited()
    {
        var ct = TestContext.Current.CancellationToken;
        await AddUserAsync("erin", ct);
        var module = JSInterop.SetupModule("./js/field-errors.js");
        module.Setup<bool>("reveal", "#user-name").SetResult(true);
        var (_, dialogs) = await SubmitNewUserAsync("erin", Password, newTeam: "");

        dialogs.WaitForAssertion(() => Assert.Contains("mud-input-error", Control(dialogs, "#user-name").ClassList));
        Assert.Contains("'erin' is already taken", Control(dialogs, "#user-name").TextContent, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll("[data-testid=dialog-error]"));
        dialogs.WaitForAssertion(() => module.VerifyInvoke("reveal"));
        Assert.Contains(await AuditAsync(ct), a => a is { Action: "user.create", Target: "erin", Outcome: "conflict" });

        dialogs.Find("#user-name").Input("erin-2");
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-input-control.mud-input-error")));
    }

    [Fact]
    public async Task CreateUser_BadNewTeamName_MarksTheNewTeamField_NotTheUserName()
    {
        var (_, dialogs) = await SubmitNewUserAsync("hank", Password, "Night Shift");

        dialogs.WaitForAssertion(() => Assert.Contains("is not a valid team name", Control(dialogs, "#user-new-team").TextContent, StringComparison.Ordinal));
        Assert.Single(dialogs.FindAll(".mud-input-control.mud-input-error"));
    }

    [Fact]
    public async Task ResetPassword_WeakOrDifferent_MarksTheFieldConcerned()
    {
        var ct = TestContext.Current.CancellationToken;
        await AddUserAsync("ivan", ct);
        await SignInAsync("root", admin: true);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UserList>();
        cut.WaitForAssertion(() => Assert.Contains("ivan", cut.Find("[data-testid=users-table]").TextContent, StringComparison.Ordinal));
        cut.FindAll("tr").Single(r => r.TextContent.Contains("ivan", StringComparison.Ordinal)).QuerySelectorAll("button")
            .Single(b => b.TextContent.Contains("Reset password", StringComparison.Ordinal)).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#reset-password"));

        dialogs.Find("#reset-password").Input(Password);
        dialogs.Find("#reset-confirm").Input(Password + "x");
        dialogs.Find("[data-testid=reset-submit]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("The two passwords differ.", Control(dialogs, "#reset-confirm").TextContent, StringComparison.Ordinal));

        dialogs.Find("#reset-password").Input("short");
        dialogs.Find("#reset-confirm").Input("short");
        dialogs.Find("[data-testid=reset-submit]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Passwords must be at least", Control(dialogs, "#reset-password").TextContent, StringComparison.Ordinal));
        Assert.Single(dialogs.FindAll(".mud-input-control.mud-input-error"));
    }

    [Fact]
    public async Task CreateTeam_ExistingName_MarksTheNameField()
    {
        var ct = TestContext.Current.CancellationToken;
        await SignInAsync("root", admin: true, teams: ("web", TeamRole.Operator));
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<TeamList>();
        cut.WaitForAssertion(() => Assert.Contains("web", cut.Find("[data-testid=teams-table]").TextContent, StringComparison.Ordinal));

        cut.Find("[data-testid=create-team]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#team-name"));
        dialogs.Find("#team-name").Input("web");
        dialogs.Find("[data-testid=team-create-submit]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("A team named 'web' already exists.", Control(dialogs, "#team-name").TextContent, StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll("[data-testid=dialog-error]"));
        Assert.Contains(await AuditAsync(ct), a => a is { Action: "team.create", Target: "web", Outcome: "conflict" });
    }

    private static AngleSharp.Dom.IElement Control(IRenderedComponent<MudDialogProvider> dialogs, string selector) =>
        dialogs.Find(selector).Closest(".mud-input-control") ?? throw new InvalidOperationException($"{selector} has no input control");

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
        dialogs.Find("#user-name").Input(user);
        dialogs.Find("#user-password").Input(password);
        if (newTeam.Length > 0)
        {
            dialogs.Find("#user-new-team").Input(newTeam);
        }

        dialogs.Find("[data-testid=user-create-submit]").Click();
        return (cut, dialogs);
    }

    private async Task<List<AuditEntry>> AuditAsync(CancellationToken ct)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        return await db.Audit.AsNoTracking().ToListAsync(ct);
    }
}
