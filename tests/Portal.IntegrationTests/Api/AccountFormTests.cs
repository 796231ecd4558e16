using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>The sign-in and password forms as a browser posts them (cookies and antiforgery tokens).</summary>
public sealed partial class AccountFormTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Login_WrongPassword_RedirectsBackWithMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var browser = Browser();

        var response = await PostFormAsync(browser, "/login", "/account/login",
            new() { ["username"] = fx.ViewerA, ["password"] = "not-the-password" }, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await browser.GetStringAsync(response.Headers.Location, ct);
        Assert.Contains("Wrong user name or password.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordChange_ThroughTheForm_OldPasswordStopsWorking()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = "pw-" + fx.Suffix;
        await fx.CreateUserAsync(user, "Viewer", fx.TeamA, ct);
        var browser = Browser();
        var login = await PostFormAsync(browser, "/login", "/account/login",
            new() { ["username"] = user, ["password"] = ApiFixture.Password, ["returnUrl"] = "/containers" }, ct);
        Assert.Equal("/containers", login.Headers.Location?.OriginalString);

        var changed = await PostFormAsync(browser, "/account", "/account/password",
            new() { ["current"] = ApiFixture.Password, ["next"] = "a-brand-new-password", ["confirm"] = "a-brand-new-password" }, ct);

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("message=", changed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var api = fx.Factory.CreateClient();
        var old = await api.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        var fresh = await api.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = "a-brand-new-password" }, ct);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    private HttpClient Browser() =>
        fx.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Loads the page that holds the form, then posts it with the page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string action, Dictionary<string, string> fields, CancellationToken ct)
    {
        var html = await browser.GetStringAsync(page, ct);
        var token = AntiforgeryRegex().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {page}.");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields), ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryRegex();
}
