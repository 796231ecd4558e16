using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>Security headers, sign-in audit with the remote address, and secrets kept out of logs.</summary>
public sealed class HardeningTests : IClassFixture<HardeningTests.Host>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly KestrelPortal _portal;

    public HardeningTests(Host host) => _portal = host.Portal;

    /// <summary>One Kestrel-hosted Portal for the class.</summary>
    public sealed class Host : IDisposable
    {
        public KestrelPortal Portal { get; } = new();

        public void Dispose() => Portal.Dispose();
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/api/v1/engine")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Responses_CarrySecurityHeaders(string path)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await _portal.NewClient().GetAsync(path, ct);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Single(response, "Referrer-Policy"));
        var csp = Single(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AuditNamesRemoteAddress_AndNoSecretReachesTheLogs()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _portal.NewClient();
        var bad = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = "guess-password-123" }, ct);
        var good = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = KestrelPortal.AdminPassword, name = "logs" }, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        var token = (await good.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("token").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var audit = await client.GetFromJsonAsync<List<TokenApiTests.AuditRow>>("/api/v1/admin/audit?user=admin&action=auth.token", s_json, ct);
        await client.GetAsync("/hubs/none?access_token=" + token, ct);

        Assert.Contains(audit!, e => e.Outcome == "forbidden" && e.Detail!.Contains("127.0.0.1", StringComparison.Ordinal));
        Assert.Contains(audit!, e => e.Outcome == "succeeded" && e.Detail!.Contains("127.0.0.1", StringComparison.Ordinal));
        Assert.NotEmpty(_portal.Logs);
        Assert.DoesNotContain(_portal.Logs, line => line.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(_portal.Logs, line => line.Contains("guess-password-123", StringComparison.Ordinal));
        Assert.DoesNotContain(_portal.Logs, line => line.Contains(KestrelPortal.AdminPassword, StringComparison.Ordinal));
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.GetValues(header));
}
