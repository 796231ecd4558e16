using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// The rules of deleting (issue 15 item 7): a team that owns an object is kept and the refusal names it; nobody
/// deletes their own account; every attempt is audited.
/// </summary>
public sealed class DeleteRulesTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TeamWithVolume_RefusedNamingIt_ThenDeleted_SelfAndLastAdminKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var t = TestNames.Token();
        var team = "del-team-" + t;
        var volume = "portal-test-del-" + t;
        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        (await fx.Admin.PostAsJsonAsync("/api/v1/volumes", new { name = volume, team, labels = fx.Labels }, ct)).EnsureSuccessStatusCode();

        var refused = await fx.Admin.DeleteAsync($"/api/v1/teams/{team}", ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("detail").GetString();
        Assert.Equal($"Team '{team}' still owns volume {volume}; remove them or give them to another team first.", detail);
        Assert.Contains(team, await fx.Admin.GetStringAsync("/api/v1/teams", ct), StringComparison.Ordinal);

        (await fx.Admin.DeleteAsync($"/api/v1/volumes/{volume}", ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await fx.Admin.DeleteAsync($"/api/v1/teams/{team}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.DeleteAsync($"/api/v1/teams/{team}", ct)).StatusCode);

        // The only administrator cannot delete their own account (nor would the last one go).
        var self = await fx.Admin.DeleteAsync("/api/v1/users/admin", ct);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("your own account", await self.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.DeleteAsync("/api/v1/users/no-such-user-" + t, ct)).StatusCode);

        var audit = await fx.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=team.delete&object={team}", ct);
        // Newest first: each attempt is one audit entry, refusals included.
        Assert.Equal(["not-found", "succeeded", "conflict"], audit.EnumerateArray().Select(e => e.GetProperty("outcome").GetString() ?? "").ToArray());
    }
}
