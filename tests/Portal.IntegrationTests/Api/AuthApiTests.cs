using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>Tokens, lockout, read-only scope and admin-only endpoints.</summary>
public sealed class AuthApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Api_WithoutOrWithBadToken_Unauthorized()
    {
        var ct = TestContext.Current.CancellationToken;
        var anonymous = fx.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/containers", ct)).StatusCode);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ptl_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/containers", ct)).StatusCode);
    }

    [Fact]
    public async Task Token_ReadOnly_ReadsButCannotChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await fx.Factory.ClientForAsync(fx.OperatorA, ApiFixture.Password, ct, readOnly: true);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);
        var run = await client.PostAsJsonAsync("/api/v1/containers", new { image = fx.Daemon.Image, labels = fx.Labels }, ct);

        Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        Assert.Contains("read-only", await run.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Token_RepeatedWrongPasswords_LocksTheAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = "lock-" + fx.Suffix;
        await fx.CreateUserAsync(user, "Viewer", fx.TeamA, ct);
        var client = fx.Factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = "wrong-password" }, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var right = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password }, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Fact]
    public async Task AdminEndpoints_ForOperator_Forbidden()
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/teams", new { name = "x-" + fx.Suffix }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.GetAsync("/api/v1/audit", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/users",
            new { username = "sneaky-" + fx.Suffix, password = "whatever-123", role = "Admin" }, ct)).StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_ListsContainerEndpoints()
    {
        var ct = TestContext.Current.CancellationToken;

        var doc = await fx.Factory.CreateClient().GetStringAsync("/openapi/v1.json", ct);

        Assert.Contains("/api/v1/containers/{idOrName}/stop", doc, StringComparison.Ordinal);
        Assert.Contains("/api/v1/auth/token", doc, StringComparison.Ordinal);
    }
}
