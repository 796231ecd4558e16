using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Portal.IntegrationTests.Security.Oidc;

/// <summary>Single sign-on end to end: Portal, a real OpenID Connect provider on loopback, redirects over real HTTP.</summary>
public sealed class OidcSignInTests(OidcFixture fx) : IClassFixture<OidcFixture>
{
    [Fact]
    public async Task LoginPage_ShowsBothButtons()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = fx.Browser();

        var page = await browser.Client.GetStringAsync("/login", ct);

        Assert.Contains("data-testid=\"login-submit\"", page, StringComparison.Ordinal);
        Assert.Contains("Sign in with " + OidcPortal.DisplayName, page, StringComparison.Ordinal);
        // Browsers apply form-action to the redirect after the button's post: the provider must be allowed.
        var headers = (await browser.Client.GetAsync("/login", ct)).Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("form-action 'self' " + fx.Provider.Authority.GetLeftPart(UriPartial.Authority) + ";", headers, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", headers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MappedUser_SignsIn_TeamsAndRolesFromGroups_SameAccountNextTime()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "alice-" + fx.Suffix;
        fx.Provider.Users[name] = ["devs", "watchers", "unmapped-group"];
        using var browser = fx.Browser();

        AssertLanded(await browser.SignInAsync(name, ct));

        Assert.Equal(HttpStatusCode.OK, await browser.ProbeAsync(ct));
        var user = await FindUserAsync(name, ct);
        Assert.False(user.GetProperty("isAdmin").GetBoolean());
        Assert.Equal(new Dictionary<string, string> { [fx.TeamA] = "Operator", [fx.TeamB] = "Viewer" }, Teams(user));

        using var again = fx.Browser();
        AssertLanded(await again.SignInAsync(name, ct));
        var users = await ListUsersAsync(ct);
        Assert.Single(users, u => u.GetProperty("userName").GetString()!.StartsWith(name, StringComparison.Ordinal));
        // The account was made once, by Portal itself, through the user.create operation.
        using var admin = await fx.Portal.AdminAsync(ct);
        var created = await admin.GetFromJsonAsync<List<JsonElement>>($"/api/v1/admin/audit?action=user.create&object={name}", ct);
        var entry = Assert.Single(created!);
        Assert.Equal(("system", name, "succeeded", "external sign-in via " + OidcPortal.DisplayName),
            (entry.GetProperty("actor").GetString(), entry.GetProperty("target").GetString(), entry.GetProperty("outcome").GetString(), entry.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task GroupRemoved_MembershipRemovedOnNextSignIn_AndOtherSessionsEnd()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "bob-" + fx.Suffix;
        fx.Provider.Users[name] = ["devs", "watchers"];
        using var laptop = fx.Browser();
        AssertLanded(await laptop.SignInAsync(name, ct));
        Assert.Equal(HttpStatusCode.OK, await laptop.ProbeAsync(ct));

        Assert.Equal(new Dictionary<string, string> { [fx.TeamA] = "Operator", [fx.TeamB] = "Viewer" }, Teams(await FindUserAsync(name, ct)));

        fx.Provider.Users[name] = ["devs"];
        using var phone = fx.Browser();
        AssertLanded(await phone.SignInAsync(name, ct));

        var user = await FindUserAsync(name, ct);
        Assert.Equal(new Dictionary<string, string> { [fx.TeamA] = "Operator" }, Teams(user));
        Assert.Equal(HttpStatusCode.OK, await phone.ProbeAsync(ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await laptop.ProbeAsync(ct));
    }

    [Fact]
    public async Task AdminGroup_MakesAdmin_AndLosingItTakesAdminAway()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "carol-" + fx.Suffix;
        fx.Provider.Users[name] = ["portal-admins"];
        using var browser = fx.Browser();
        AssertLanded(await browser.SignInAsync(name, ct));
        Assert.True((await FindUserAsync(name, ct)).GetProperty("isAdmin").GetBoolean());

        fx.Provider.Users[name] = ["devs"];
        using var next = fx.Browser();
        AssertLanded(await next.SignInAsync(name, ct));
        var user = await FindUserAsync(name, ct);
        Assert.False(user.GetProperty("isAdmin").GetBoolean());
        Assert.Equal(new Dictionary<string, string> { [fx.TeamA] = "Operator" }, Teams(user));
    }

    [Fact]
    public async Task UserWithoutMappedGroup_IsRefused_WithReason_AndNoAccountIsMade()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "mallory-" + fx.Suffix;
        fx.Provider.Users[name] = ["contractors"];
        using var browser = fx.Browser();

        var landed = await browser.SignInAsync(name, ct);

        Assert.StartsWith("/login?", landed, StringComparison.Ordinal);
        var page = await browser.Client.GetStringAsync(landed, ct);
        Assert.Contains("in no group that Portal maps to a team", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.ProbeAsync(ct));
        Assert.DoesNotContain(await ListUsersAsync(ct), u => u.GetProperty("userName").GetString()!.StartsWith(name, StringComparison.Ordinal));
        using var admin = await fx.Portal.AdminAsync(ct);
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/audit?action=auth.sign-in.oidc&q={name}", ct);
        Assert.Contains("no mapped group", audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableProvider_RefusesWithClearMessage_LocalSignInStillWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        var closed = Portal.TestSupport.FreePorts.Next();
        await using var portal = new OidcPortal(new Uri($"http://127.0.0.1:{closed}/"), fx.Map);
        using var browser = new OidcBrowser(portal.BaseAddress, new Uri($"http://127.0.0.1:{closed}/"));

        var landed = await browser.SignInAsync("nobody", ct);

        Assert.StartsWith("/login?", landed, StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await browser.Client.GetStringAsync(landed, ct));
        Assert.Contains(OidcPortal.DisplayName + " cannot be reached right now", page, StringComparison.Ordinal);
        using var admin = await portal.AdminAsync(ct);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/containers", ct)).StatusCode);
    }

    private static void AssertLanded(string location) =>
        Assert.True(location == "/containers", "Sign-in ended at " + Uri.UnescapeDataString(location));

    private async Task<List<JsonElement>> ListUsersAsync(CancellationToken ct)
    {
        using var admin = await fx.Portal.AdminAsync(ct);
        return (await admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/users", ct))!;
    }

    private async Task<JsonElement> FindUserAsync(string name, CancellationToken ct) =>
        (await ListUsersAsync(ct)).Single(u => u.GetProperty("userName").GetString() == name);

    private static Dictionary<string, string> Teams(JsonElement user) =>
        user.GetProperty("teams").EnumerateArray().ToDictionary(t => t.GetProperty("team").GetString()!, t => t.GetProperty("role").GetString()!);
}
