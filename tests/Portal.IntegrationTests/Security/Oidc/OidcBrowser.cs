using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace Portal.IntegrationTests.Security.Oidc;

/// <summary>
/// A browser stand-in over real HTTP: one cookie jar for Portal and the provider, redirects
/// followed by hand, and the provider's login form filled with a user name when it shows up.
/// </summary>
public sealed partial class OidcBrowser : IDisposable
{
    private readonly Uri _portal;
    private readonly Uri _provider;

    public OidcBrowser(Uri portal, Uri provider)
    {
        _portal = portal;
        _provider = provider;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies }) { BaseAddress = portal };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Client { get; }

    /// <summary>Every URL visited during the last sign-in, in order (for failure messages).</summary>
    public List<string> Trail { get; } = [];

    /// <summary>Presses "Sign in with …", logs in at the provider as <paramref name="user"/>, and returns where Portal finally sends the browser.</summary>
    public async Task<string> SignInAsync(string user, CancellationToken ct, string returnUrl = "/containers")
    {
        Trail.Clear();
        var login = await Client.GetStringAsync("/login", ct);
        var token = AntiforgeryRegex().Match(login);
        Assert.True(token.Success, "No antiforgery token on /login.");
        var response = await Client.PostAsync("/account/external", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["returnUrl"] = returnUrl,
        }), ct);
        var current = new Uri(_portal, "/account/external");
        for (var hop = 0; hop < 15; hop++)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
                $"Expected a redirect from {current}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}\n{string.Join("\n", Trail)}");
            var next = new Uri(current, response.Headers.Location!);
            Trail.Add(next.ToString());
            if (SameOrigin(next, _portal) && next.AbsolutePath is not "/signin-oidc" and not "/account/external/callback")
            {
                return next.PathAndQuery;
            }

            if (SameOrigin(next, _provider) && next.AbsolutePath == "/login")
            {
                var back = System.Web.HttpUtility.ParseQueryString(next.Query)["ReturnUrl"] ?? "/";
                response = await Client.PostAsync(next, new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = user, ["ReturnUrl"] = back }), ct);
            }
            else
            {
                response = await Client.GetAsync(next, ct);
            }

            current = next;
        }

        Assert.Fail("Too many redirects:\n" + string.Join("\n", Trail));
        return "";
    }

    /// <summary>Status of an authenticated API read with this browser's Portal cookie.</summary>
    public async Task<HttpStatusCode> ProbeAsync(CancellationToken ct) => (await Client.GetAsync("/api/v1/containers", ct)).StatusCode;

    public void Dispose() => Client.Dispose();

    private static bool SameOrigin(Uri a, Uri b) => a.Scheme == b.Scheme && a.Host == b.Host && a.Port == b.Port;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryRegex();
}
