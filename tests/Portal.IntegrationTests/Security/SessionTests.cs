using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.IntegrationTests.Api;
using Portal.Web.Security;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>Cookie sessions end on the very next request after a password change, a disable or a role change.</summary>
public sealed class SessionTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly Actor s_admin = new("admin-test", "admin", true, new Dictionary<string, TeamRole>());

    [Fact]
    public async Task PasswordChange_EndsOtherSessionsAtOnce_KeepsTheChangingOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("pwc", ct);
        var laptop = await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct);
        var phone = await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct);
        Assert.Equal(HttpStatusCode.OK, await phone.ProbeAsync(ct));

        var changed = await laptop.PostFormAsync("/account", "/account/password",
            new() { ["current"] = ApiFixture.Password, ["next"] = "changed-password-1", ["confirm"] = "changed-password-1" }, ct);

        Assert.Contains("Password%20changed", changed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await phone.ProbeAsync(ct));
        Assert.Equal(HttpStatusCode.OK, await laptop.ProbeAsync(ct));
    }

    [Fact]
    public async Task Disable_EndsSessionAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("dis", ct);
        var browser = await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct);
        Assert.Equal(HttpStatusCode.OK, await browser.ProbeAsync(ct));

        await WithUsersAsync(u => u.SetDisabledAsync(s_admin, user, true, ct));

        Assert.Equal(HttpStatusCode.Unauthorized, await browser.ProbeAsync(ct));
        await WithUsersAsync(u => u.SetDisabledAsync(s_admin, user, false, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.ProbeAsync(ct));
    }

    [Fact]
    public async Task TeamRoleChange_EndsSessionAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("role", ct);
        var browser = await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct);
        Assert.Equal(HttpStatusCode.OK, await browser.ProbeAsync(ct));

        await WithUsersAsync(u => u.SetMembershipAsync(s_admin, user, fx.TeamA, new Portal.Engine.Users.MembershipRequest(nameof(TeamRole.Viewer)), ct));

        Assert.Equal(HttpStatusCode.Unauthorized, await browser.ProbeAsync(ct));
    }

    [Fact]
    public async Task AdminRoleGranted_EndsSessionAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("grant", ct);
        var browser = await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct);
        Assert.Equal(HttpStatusCode.OK, await browser.ProbeAsync(ct));

        await using (var scope = fx.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.AddToRoleAsync((await users.FindByNameAsync(user))!, PortalRoles.Admin)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await browser.ProbeAsync(ct));
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = fx.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = fx.ViewerA,
            ["password"] = ApiFixture.Password,
        }), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portal.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cookies_AreHttpOnlyAndSameSite()
    {
        var ct = TestContext.Current.CancellationToken;

        var session = await BrowserSession.SignInAsync(fx.Factory, fx.ViewerA, ApiFixture.Password, ct);
        var raw = fx.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        var page = await raw.GetAsync("/login", ct);

        var auth = session.Login!.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> NewUserAsync(string prefix, CancellationToken ct)
    {
        var user = $"{prefix}-{Guid.NewGuid():N}"[..20];
        await fx.CreateUserAsync(user, "Operator", fx.TeamA, ct);
        return user;
    }

    private async Task WithUsersAsync(Func<Portal.Engine.Users.UserOperations, Task> action)
    {
        await using var scope = fx.Factory.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<Portal.Engine.Users.UserOperations>());
    }
}
