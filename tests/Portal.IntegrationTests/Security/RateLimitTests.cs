using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>The per-address limit on sign-in and token endpoints, on its own host so no other test spends the budget.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly KestrelPortal _portal = new();

    [Fact]
    public async Task TokenEndpoint_TooManyAttemptsFromOneAddress_429WithMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _portal.NewClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = default!;
        for (var i = 0; i < KestrelPortal.RateLimit + 1; i++)
        {
            last = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "nobody-" + i, password = "wrong-password" }, ct);
            statuses.Add(last.StatusCode);
        }

        Assert.All(statuses.Take(KestrelPortal.RateLimit), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Contains("Too many sign-in", await last.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.True(last.Headers.RetryAfter is not null);
        // The browser form shares the address's budget.
        var form = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "x", ["password"] = "y" }), ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
    }

    public void Dispose() => _portal.Dispose();
}
