using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Portal.Web.Security;
using Portal.Web.Security.TwoFactor;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>
/// TOTP through the account page, the sign-in form and the token endpoint, with codes computed here (RFC 6238). The page is
/// interactive: a change is the page's call (<see cref="ITwoFactorAccounts"/>) followed by the browser's trip through the session
/// renewal (<see cref="SessionRefreshEndpoint"/>), which is what is played here with the browser's own cookie.
/// </summary>
public sealed partial class TwoFactorTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly System.Text.Json.JsonSerializerOptions s_json = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Fact]
    public async Task Enable_ThenSignInAsksForTheCode_WrongCodeRefused_RightCodeSignsIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("tfa", ct);
        var browser = await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct);
        var (secret, codes) = await EnableAsync(browser, user, ct);
        Assert.Equal(10, codes.Count);
        Assert.Equal(HttpStatusCode.OK, await browser.ProbeAsync(ct));

        var next = Browser();
        var password = await next.PostFormAsync("/login", "/account/login", new() { ["username"] = user, ["password"] = ApiFixture.Password, ["returnUrl"] = "/containers" }, ct);
        Assert.StartsWith("/login/code", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await next.ProbeAsync(ct));

        var wrong = await next.PostFormAsync("/login/code", "/account/login/code", new() { ["code"] = WrongCode(secret), ["returnUrl"] = "/containers" }, ct);
        Assert.StartsWith("/login/code?", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("not%20right", wrong.Headers.Location.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await next.ProbeAsync(ct));

        var right = await next.PostFormAsync("/login/code", "/account/login/code", new() { ["code"] = Totp.Code(secret, DateTimeOffset.UtcNow), ["returnUrl"] = "/containers" }, ct);
        Assert.Equal("/containers", right.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, await next.ProbeAsync(ct));
    }

    [Fact]
    public async Task TokenEndpoint_RefusesWithoutOrWithWrongTotp_AcceptsTheRightOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("tfa-api", ct);
        var (secret, _) = await EnableAsync(await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct), user, ct);
        var api = fx.Factory.CreateClient();

        var missing = await api.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password }, ct);
        var wrong = await api.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password, totp = WrongCode(secret) }, ct);
        var right = await api.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password, totp = Totp.Code(secret, DateTimeOffset.UtcNow) }, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("totp", await missing.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("tfa-rc", ct);
        var (_, codes) = await EnableAsync(await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct), user, ct);

        var first = await CodeStepAsync(user, codes[0], ct);
        var again = await CodeStepAsync(user, codes[0], ct);

        Assert.Equal("/containers", first);
        Assert.StartsWith("/login/code?", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongCodes_LockTheAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("tfa-lock", ct);
        var (secret, _) = await EnableAsync(await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct), user, ct);
        var browser = Browser();
        await browser.PostFormAsync("/login", "/account/login", new() { ["username"] = user, ["password"] = ApiFixture.Password }, ct);

        string? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = (await browser.PostFormAsync("/login/code", "/account/login/code", new() { ["code"] = WrongCode(secret) }, ct)).Headers.Location!.OriginalString;
        }

        Assert.Contains("locked", Uri.UnescapeDataString(last!), StringComparison.Ordinal);
        var api = fx.Factory.CreateClient();
        var token = await api.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password, totp = Totp.Code(secret, DateTimeOffset.UtcNow) }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }

    [Fact]
    public async Task Disable_ThroughThePage_TokenNoLongerNeedsTotp()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("tfa-off", ct);
        var browser = await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct);
        var (secret, _) = await EnableAsync(browser, user, ct);

        Assert.Null(await ChangeAsync(browser, user, async (t, who) => await t.DisableAsync(who, WrongCode(secret)) ? [] : null, ct));
        var html = await ChangeAsync(browser, user, async (t, who) => await t.DisableAsync(who, Totp.Code(secret, DateTimeOffset.UtcNow)) ? [] : null, ct) ?? "";

        Assert.Contains("data-testid=\"totp-disabled\"", html, StringComparison.Ordinal);
        Assert.Contains("Two-factor sign-in is off.", html, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.ToLowerInvariant(), html.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await browser.ProbeAsync(ct));
        var token = await fx.Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password }, ct);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    [Fact]
    public async Task EnableAndDisable_AreAuditedForTheOwner_WrongCodeAsRefused_NoCodeInTheEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync("tfa-aud", ct);
        var browser = await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct);
        var (secret, codes) = await EnableAsync(browser, user, ct);
        var wrong = WrongCode(secret);

        await ChangeAsync(browser, user, async (t, who) => await t.DisableAsync(who, wrong) ? [] : null, ct);
        var stillOn = await fx.Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password }, ct);
        await ChangeAsync(browser, user, async (t, who) => await t.DisableAsync(who, Totp.Code(secret, DateTimeOffset.UtcNow)) ? [] : null, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, stillOn.StatusCode);
        var entries = (await fx.Admin.GetFromJsonAsync<List<TokenApiTests.AuditRow>>($"/api/v1/admin/audit?take=100&action=user.two-factor.&object={user}", s_json, ct))!;
        Assert.Equal([$"user.two-factor.enable {user} succeeded", $"user.two-factor.disable {user} forbidden", $"user.two-factor.disable {user} succeeded"],
            entries.AsEnumerable().Reverse().Select(e => $"{e.Action} {e.Actor} {e.Outcome}").ToList());
        var secrets = codes.Append(wrong).Append(secret).Append(secret.ToLowerInvariant()).ToList();
        Assert.DoesNotContain(entries, e => secrets.Any(s => (e.Detail ?? "").Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Renewal_OnlyRenewsTheSessionItWasIssuedTo_OnceAndBackToALocalPage()
    {
        var ct = TestContext.Current.CancellationToken;
        var (alice, bob) = (await NewUserAsync("tfa-ren", ct), await NewUserAsync("tfa-oth", ct));
        var aliceBrowser = await BrowserSession.SignInAsync(fx.Factory, alice, ApiFixture.Password, ct);
        var aliceElsewhere = await BrowserSession.SignInAsync(fx.Factory, alice, ApiFixture.Password, ct);
        var bobBrowser = await BrowserSession.SignInAsync(fx.Factory, bob, ApiFixture.Password, ct);
        var (aliceId, aliceStamp) = await IdAndStampAsync(alice);
        var tickets = fx.Factory.Services.GetRequiredService<SessionRefreshTickets>();
        var ticket = tickets.Issue(aliceId, aliceStamp);
        // As the page does once its change succeeded: only a ticket whose change happened renews anything.
        tickets.SetOutcome(ticket, "Two-factor sign-in is on.", null);

        // Alice's ticket in bob's browser renews nothing; an address off this site goes home.
        var foreign = await bobBrowser.Client.GetAsync(SessionRefreshEndpoint.Url(ticket, "//evil.example/x"), ct);
        Assert.Equal("/", foreign.Headers.Location?.OriginalString);
        Assert.False(foreign.Headers.Contains("Set-Cookie"));

        // Alice's stamp rotates (as a two-factor change does): her other session, with no ticket of its own, is over.
        await RotateStampAsync(alice);
        var other = await aliceElsewhere.Client.GetAsync(SessionRefreshEndpoint.Url("not-a-ticket", "/account"), ct);
        Assert.NotEqual("/account", other.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, await aliceElsewhere.ProbeAsync(ct));

        // The session the ticket was issued to is renewed, once, and comes back to the local page.
        var renewed = await aliceBrowser.Client.GetAsync(SessionRefreshEndpoint.Url(ticket, "/account/two-factor"), ct);
        Assert.StartsWith($"/account/two-factor?{SessionRefreshEndpoint.DoneParameter}=", renewed.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await aliceBrowser.ProbeAsync(ct));
        var second = await aliceBrowser.Client.GetAsync(SessionRefreshEndpoint.Url(ticket, "/account/two-factor"), ct);
        Assert.Equal("/account/two-factor", second.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, await aliceElsewhere.ProbeAsync(ct));
    }

    private async Task<(string Id, string Stamp)> IdAndStampAsync(string user)
    {
        await using var scope = fx.Factory.Services.CreateAsyncScope();
        var found = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByNameAsync(user))!;
        return (found.Id, found.SecurityStamp!);
    }

    private async Task RotateStampAsync(string user)
    {
        await using var scope = fx.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True((await users.UpdateSecurityStampAsync((await users.FindByNameAsync(user))!)).Succeeded);
    }

    /// <summary>
    /// What the page does for one change: a ticket for this browser's session, the change, and (when it was made) the browser's
    /// trip through the renewal back to the page. Returns the page the browser comes back to, or null when the change was refused.
    /// </summary>
    private async Task<string?> ChangeAsync(BrowserSession browser, string user, Func<ITwoFactorAccounts, ClaimsPrincipal, Task<IReadOnlyList<string>?>> change, CancellationToken ct)
    {
        var (id, stamp) = await IdAndStampAsync(user);
        var ticket = fx.Factory.Services.GetRequiredService<SessionRefreshTickets>().Issue(id, stamp);
        await using (var scope = fx.Factory.Services.CreateAsyncScope())
        {
            var who = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, user)], "test"));
            var codes = await change(scope.ServiceProvider.GetRequiredService<ITwoFactorAccounts>(), who);
            if (codes is null)
            {
                return null;
            }

            fx.Factory.Services.GetRequiredService<SessionRefreshTickets>().SetOutcome(ticket, codes.Count == 0 ? "Two-factor sign-in is off." : "Two-factor sign-in is on.", codes.Count > 0 ? codes : null);
        }

        var renewed = await browser.Client.GetAsync(SessionRefreshEndpoint.Url(ticket, "/account/two-factor"), ct);
        var back = renewed.Headers.Location?.OriginalString ?? "";
        Assert.StartsWith("/account/two-factor?done=", back, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await browser.ProbeAsync(ct));
        return await browser.Client.GetStringAsync(back, ct);
    }

    /// <summary>Reads the secret off the page, confirms it with a computed code, and returns it with the recovery codes shown once.</summary>
    private async Task<(string Secret, List<string> Codes)> EnableAsync(BrowserSession browser, string user, CancellationToken ct)
    {
        var page = await browser.Client.GetStringAsync("/account/two-factor", ct);
        var secret = WebUtility.HtmlDecode(SecretRegex().Match(page).Groups[1].Value).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotEmpty(secret);
        Assert.Contains($"otpauth://totp/Portal:{user}?secret={secret}", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);

        var html = await ChangeAsync(browser, user, (t, who) => t.EnableAsync(who, Totp.Code(secret, DateTimeOffset.UtcNow)), ct);
        Assert.NotNull(html);
        Assert.Contains("data-testid=\"totp-enabled\"", html, StringComparison.Ordinal);
        var block = html[html.IndexOf("data-testid=\"recovery-codes\"", StringComparison.Ordinal)..];
        var codes = CodeRegex().Matches(block[..block.IndexOf("</ol>", StringComparison.Ordinal)]).Select(m => m.Groups[1].Value).ToList();
        return (secret, codes);
    }

    /// <summary>Password, then <paramref name="code"/>, in a fresh browser; returns where the code step sends it.</summary>
    private async Task<string> CodeStepAsync(string user, string code, CancellationToken ct)
    {
        var browser = Browser();
        await browser.PostFormAsync("/login", "/account/login", new() { ["username"] = user, ["password"] = ApiFixture.Password, ["returnUrl"] = "/containers" }, ct);
        var response = await browser.PostFormAsync("/login/code", "/account/login/code", new() { ["code"] = code, ["returnUrl"] = "/containers" }, ct);
        return response.Headers.Location!.OriginalString;
    }

    private async Task<string> NewUserAsync(string prefix, CancellationToken ct)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await fx.CreateUserAsync(name, "Operator", fx.TeamA, ct);
        return name;
    }

    private BrowserSession Browser() =>
        new(fx.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>A code from an hour ago: a valid-looking code that is not valid now.</summary>
    private static string WrongCode(string secret) => Totp.Code(secret, DateTimeOffset.UtcNow.AddHours(-1));

    [GeneratedRegex("data-testid=\"totp-secret\">([^<]+)<")]
    private static partial Regex SecretRegex();

    [GeneratedRegex("<li>([^<]+)</li>")]
    private static partial Regex CodeRegex();
}
