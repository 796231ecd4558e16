using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.IntegrationTests.Api;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>Personal access tokens over the REST API: create, list, revoke, scope, expiry, disabled owners.</summary>
public sealed class TokenApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Tokens_CreateListRevoke_SecretShownOnceAndNeverListed()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "ci-" + fx.Suffix;

        var created = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/tokens", new { name, expiresInDays = 7, readOnly = false }, ct);
        var issued = await created.Content.ReadFromJsonAsync<Issued>(s_json, ct);
        var listText = await fx.AsOperatorA.GetStringAsync("/api/v1/tokens", ct);
        var listed = JsonSerializer.Deserialize<List<Listed>>(listText, s_json)!;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("ptl_", issued!.Token, StringComparison.Ordinal);
        var mine = Assert.Single(listed, t => t.Id == issued.Id);
        Assert.Equal(name, mine.Name);
        Assert.False(mine.Revoked);
        Assert.NotNull(mine.ExpiresAt);
        Assert.InRange(mine.ExpiresAt!.Value - mine.CreatedAt, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(issued.Token, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(Sha256(issued.Token), listText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", listText, StringComparison.OrdinalIgnoreCase);

        var client = WithToken(issued.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);
        var used = (await fx.AsOperatorA.GetFromJsonAsync<List<Listed>>("/api/v1/tokens", s_json, ct))!.Single(t => t.Id == issued.Id);
        Assert.NotNull(used.LastUsedAt);

        Assert.Equal(HttpStatusCode.NoContent, (await fx.AsOperatorA.DeleteAsync($"/api/v1/tokens/{issued.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);
        var after = (await fx.AsOperatorA.GetFromJsonAsync<List<Listed>>("/api/v1/tokens", s_json, ct))!.Single(t => t.Id == issued.Id);
        Assert.True(after.Revoked);
    }

    [Fact]
    public async Task Tokens_CreateAndRevoke_AreAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "audited-" + fx.Suffix;
        var issued = await (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/tokens", new { name }, ct)).Content.ReadFromJsonAsync<Issued>(s_json, ct);
        await fx.AsOperatorA.DeleteAsync($"/api/v1/tokens/{issued!.Id}", ct);

        var entries = await fx.Admin.GetFromJsonAsync<List<AuditRow>>($"/api/v1/admin/audit?user={fx.OperatorA}&action=token.", s_json, ct);

        Assert.Contains(entries!, e => e.Action == "token.create" && e.Target == name && e.Outcome == "succeeded");
        Assert.Contains(entries!, e => e.Action == "token.revoke" && e.Target == issued.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && e.Outcome == "succeeded" && e.Detail!.Contains(name, StringComparison.Ordinal));
        Assert.DoesNotContain(entries!, e => (e.Detail ?? "").Contains(issued.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_ReadOnly_RefusedOnEveryKindOfMutation()
    {
        var ct = TestContext.Current.CancellationToken;
        var reader = await fx.Factory.ClientForAsync(fx.OperatorA, ApiFixture.Password, ct, readOnly: true);
        var full = await (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/tokens", new { name = "victim" }, ct)).Content.ReadFromJsonAsync<Issued>(s_json, ct);

        var mint = await reader.PostAsJsonAsync("/api/v1/tokens", new { name = "escalate" }, ct);
        var revoke = await reader.DeleteAsync($"/api/v1/tokens/{full!.Id}", ct);
        var volume = await reader.PostAsJsonAsync("/api/v1/volumes", new { name = "ro-" + fx.Suffix, team = fx.TeamA, labels = fx.Labels }, ct);

        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Contains("read-only", await mint.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, volume.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/tokens", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(full.Token).GetAsync("/api/v1/containers", ct)).StatusCode);
    }

    [Fact]
    public async Task AuthToken_ReadOnlyAndExpiry_AreHonoured()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await fx.Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/token",
            new { username = fx.ViewerA, password = ApiFixture.Password, name = "short", readOnly = true, expiresInDays = 2 }, ct);
        var issued = await response.Content.ReadFromJsonAsync<Issued>(s_json, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(issued!.ReadOnly);
        Assert.InRange(issued.ExpiresAt!.Value - DateTime.UtcNow, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(2));
        var listed = (await WithToken(issued.Token).GetFromJsonAsync<List<Listed>>("/api/v1/tokens", s_json, ct))!.Single(t => t.Id == issued.Id);
        Assert.True(listed.ReadOnly);
        var invalid = await fx.Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/token",
            new { username = fx.ViewerA, password = ApiFixture.Password, expiresInDays = 0 }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Token_Expired_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var issued = await (await fx.AsViewerA.PostAsJsonAsync("/api/v1/tokens", new { name = "expiring", expiresInDays = 1 }, ct)).Content.ReadFromJsonAsync<Issued>(s_json, ct);
        var client = WithToken(issued!.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);

        // A day later, as far as the token row is concerned: its expiry moves into the past.
        await using (var db = await fx.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct))
        {
            await db.AccessTokens.Where(t => t.Id == issued.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)), ct);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);
    }

    [Fact]
    public async Task Token_OwnerDisabled_RefusedOnTheNextRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = "dis-" + fx.Suffix;
        await fx.CreateUserAsync(user, "Operator", fx.TeamA, ct);
        var client = await fx.Factory.ClientForAsync(user, ApiFixture.Password, ct);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);

        await SetDisabledAsync(user, true, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);
        await SetDisabledAsync(user, false, ct);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);
    }

    [Fact]
    public async Task Revoke_SomeoneElsesToken_NotFoundForThemButAdminMay()
    {
        var ct = TestContext.Current.CancellationToken;
        var issued = await (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/tokens", new { name = "theirs" }, ct)).Content.ReadFromJsonAsync<Issued>(s_json, ct);

        var byOther = await fx.AsOperatorB.DeleteAsync($"/api/v1/tokens/{issued!.Id}", ct);
        var missing = await fx.AsOperatorB.DeleteAsync("/api/v1/tokens/999999", ct);

        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var missingProblem = await missing.Content.ReadFromJsonAsync<JsonElement>(ct);
        var otherProblem = await byOther.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(missingProblem.GetProperty("title").GetString(), otherProblem.GetProperty("title").GetString());
        Assert.Equal(missingProblem.GetProperty("detail").GetString()!.Replace("999999", "#", StringComparison.Ordinal),
            otherProblem.GetProperty("detail").GetString()!.Replace(issued.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "#", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await WithToken(issued.Token).GetAsync("/api/v1/containers", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await fx.Admin.DeleteAsync($"/api/v1/tokens/{issued.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(issued.Token).GetAsync("/api/v1/containers", ct)).StatusCode);
    }

    private async Task SetDisabledAsync(string user, bool disabled, CancellationToken ct)
    {
        await using var scope = fx.Factory.Services.CreateAsyncScope();
        var admin = new Portal.Engine.Pipeline.Actor("admin-test", "admin", true, new Dictionary<string, Portal.Data.Entities.TeamRole>());
        await scope.ServiceProvider.GetRequiredService<Portal.Engine.Users.UserOperations>().SetDisabledAsync(admin, user, disabled, ct);
    }

    private HttpClient WithToken(string token)
    {
        var client = fx.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record Issued(int Id, string Token, string Name, bool ReadOnly, DateTime? ExpiresAt);

    private sealed record Listed(int Id, string Name, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, bool ReadOnly, bool Revoked);

    internal sealed record AuditRow(DateTime Time, string Actor, string Action, string Target, string Outcome, string? Detail, string? Team);
}
