using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>TOTP through the account page, the sign-in form and the token endpoint, with codes computed here (RFC 6238).</summary>
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

        var refused = await browser.PostFormAsync("/account/two-factor", "/account/two-factor", new() { ["_handler"] = "totp-disable", ["Code"] = WrongCode(secret) }, ct);
        Assert.Contains("data-testid=\"totp-error\"", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var off = await browser.PostFormAsync("/account/two-factor", "/account/two-factor", new() { ["_handler"] = "totp-disable", ["Code"] = Totp.Code(secret, DateTimeOffset.UtcNow) }, ct);
        var html = await off.Content.ReadAsStringAsync(ct);

        Assert.Contains("data-testid=\"totp-disabled\"", html, StringComparison.Ordinal);
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

        await browser.PostFormAsync("/account/two-factor", "/account/two-factor", new() { ["_handler"] = "totp-disable", ["Code"] = wrong }, ct);
        var stillOn = await fx.Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password }, ct);
        await browser.PostFormAsync("/account/two-factor", "/account/two-factor", new() { ["_handler"] = "totp-disable", ["Code"] = Totp.Code(secret, DateTimeOffset.UtcNow) }, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, stillOn.StatusCode);
        var entries = (await fx.Admin.GetFromJsonAsync<List<TokenApiTests.AuditRow>>($"/api/v1/admin/audit?take=100&action=user.two-factor.&object={user}", s_json, ct))!;
        Assert.Equal([$"user.two-factor.enable {user} succeeded", $"user.two-factor.disable {user} forbidden", $"user.two-factor.disable {user} succeeded"],
            entries.AsEnumerable().Reverse().Select(e => $"{e.Action} {e.Actor} {e.Outcome}").ToList());
        var secrets = codes.Append(wrong).Append(secret).Append(secret.ToLowerInvariant()).ToList();
        Assert.DoesNotContain(entries, e => secrets.Any(s => (e.Detail ?? "").Contains(s, StringComparison.Ordinal)));
    }

    /// <summary>Reads the secret off the page, confirms it with a computed code, and returns it with the recovery codes shown once.</summary>
    private static async Task<(string Secret, List<string> Codes)> EnableAsync(BrowserSession browser, string user, CancellationToken ct)
    {
        var page = await browser.Client.GetStringAsync("/account/two-factor", ct);
        var secret = WebUtility.HtmlDecode(SecretRegex().Match(page).Groups[1].Value).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotEmpty(secret);
        Assert.Contains($"otpauth://totp/Portal:{user}?secret={secret}", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);

        var response = await browser.PostFormAsync("/account/two-factor", "/account/two-factor",
            new() { ["_handler"] = "totp-enable", ["Code"] = Totp.Code(secret, DateTimeOffset.UtcNow) }, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, html);
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
