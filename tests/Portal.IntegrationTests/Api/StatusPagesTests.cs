using System.Net;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>A wrong address answers with a page for people and problem+json for API clients, never an empty body.</summary>
public sealed class StatusPagesTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task UnknownPage_ShowsNotFoundPage_UnknownApiRoute_ProblemJson()
    {
        var ct = TestContext.Current.CancellationToken;
        var anonymous = fx.Factory.CreateClient(new() { AllowAutoRedirect = false });

        var page = await fx.AsOperatorA.GetAsync("/no-such-page/here", ct);
        var signedOut = await anonymous.GetAsync("/disk-usage", ct);
        var api = await fx.AsOperatorA.GetAsync("/api/v1/no-such-route", ct);
        var file = await anonymous.GetAsync("/missing.js", ct);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Nothing lives at this address", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, signedOut.StatusCode);
        Assert.Contains("data-testid=\"status-page\"", await signedOut.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        Assert.DoesNotContain("status-page", await file.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
