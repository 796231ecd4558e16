using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.IntegrationTests.Api;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>A cookie-carrying client that signs in through the form, as a browser does.</summary>
public sealed partial class BrowserSession(HttpClient client)
{
    public HttpClient Client { get; } = client;

    /// <summary>The answer to the sign-in post (its Set-Cookie headers name the cookie flags).</summary>
    public HttpResponseMessage? Login { get; private set; }

    public static async Task<BrowserSession> SignInAsync(PortalApiFactory factory, string user, string password, CancellationToken ct)
    {
        var session = new BrowserSession(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var response = await session.PostFormAsync("/login", "/account/login",
            new() { ["username"] = user, ["password"] = password, ["returnUrl"] = "/containers" }, ct);
        Assert.Equal("/containers", response.Headers.Location?.OriginalString);
        session.Login = response;
        return session;
    }

    /// <summary>Status of an authenticated API read with this session's cookie.</summary>
    public async Task<HttpStatusCode> ProbeAsync(CancellationToken ct) => (await Client.GetAsync("/api/v1/containers", ct)).StatusCode;

    /// <summary>Loads the page that holds the form, then posts it with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, Dictionary<string, string> fields, CancellationToken ct)
    {
        var html = await Client.GetStringAsync(page, ct);
        var token = AntiforgeryRegex().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {page}.");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields), ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryRegex();
}
