using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.IntegrationTests.Api;
using Xunit;
using AuditRow = Portal.IntegrationTests.Security.TokenApiTests.AuditRow;

namespace Portal.IntegrationTests.Security;

/// <summary>The admin audit API: filters, streamed CSV and JSON exports, retention, sign-ins and refusals on record.</summary>
public sealed class AuditApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Filters_ByUserTeamActionObjectAndTime()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = DateTime.UtcNow.AddSeconds(-1);
        var team = "aud-" + Guid.NewGuid().ToString("N")[..8];
        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        var refused = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/teams", new { name = team + "-x" }, ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var after = DateTime.UtcNow.AddSeconds(1);

        var byTeam = await QueryAsync($"team={team}", ct);
        var byObject = await QueryAsync($"object={team}&action=team.", ct);
        var byUser = await QueryAsync($"user={fx.OperatorA}&object={team}", ct);
        var inWindow = await QueryAsync($"object={team}&from={Iso(before)}&to={Iso(after)}", ct);
        var beforeWindow = await QueryAsync($"object={team}&to={Iso(before)}", ct);

        Assert.Equal("team.create", Assert.Single(byTeam).Action);
        Assert.Equal(2, byObject.Count);
        var refusal = Assert.Single(byUser);
        Assert.Equal("forbidden", refusal.Outcome);
        Assert.Equal(team + "-x", refusal.Target);
        Assert.Equal(2, inWindow.Count);
        Assert.Empty(beforeWindow);
    }

    [Fact]
    public async Task Export_CsvAndJson_ContainTheFilteredEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = "exp-" + Guid.NewGuid().ToString("N")[..8];
        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team, description = "x" }, ct)).EnsureSuccessStatusCode();

        var csv = await fx.Admin.GetAsync($"/api/v1/admin/audit/export?format=csv&object={team}", ct);
        var json = await fx.Admin.GetAsync($"/api/v1/admin/audit/export?format=json&object={team}", ct);
        var lines = (await csv.Content.ReadAsStringAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = await json.Content.ReadFromJsonAsync<List<AuditRow>>(s_json, ct);

        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains(".csv", csv.Content.Headers.ContentDisposition!.FileName, StringComparison.Ordinal);
        Assert.Equal("time,actor,action,target,team,outcome,detail", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains($",admin,team.create,{team},{team},succeeded,", lines[1], StringComparison.Ordinal);
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        var row = Assert.Single(rows!);
        Assert.Equal(team, row.Target);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.GetAsync("/api/v1/admin/audit/export?format=csv", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Admin.GetAsync("/api/v1/admin/audit/export?format=xml", ct)).StatusCode);
    }

    [Fact]
    public async Task Retention_AdminSetsIt_OthersCannot_ChangeIsAudited()
    {
        var ct = TestContext.Current.CancellationToken;

        var set = await fx.Admin.PutAsJsonAsync("/api/v1/admin/audit/retention", new { days = 90 }, ct);
        var read = await fx.Admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/audit/retention", ct);
        var byOperator = await fx.AsOperatorA.PutAsJsonAsync("/api/v1/admin/audit/retention", new { days = 1 }, ct);
        var negative = await fx.Admin.PutAsJsonAsync("/api/v1/admin/audit/retention", new { days = -1 }, ct);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(90, read.GetProperty("days").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(90, (await fx.Admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/audit/retention", ct)).GetProperty("days").GetInt32());
        Assert.Contains(await QueryAsync("action=audit.retention&outcome=succeeded", ct), e => e.Detail == "90 days");
        (await fx.Admin.PutAsJsonAsync("/api/v1/admin/audit/retention", new { days = 0 }, ct)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task SignIns_SuccessAndFailure_AreAuditedWithoutThePassword()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = "sig-" + fx.Suffix;
        await fx.CreateUserAsync(user, "Viewer", fx.TeamA, ct);
        var client = fx.Factory.CreateClient();

        await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = "the-wrong-password" }, ct);
        await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = ApiFixture.Password }, ct);
        await BrowserSession.SignInAsync(fx.Factory, user, ApiFixture.Password, ct);

        var entries = await QueryAsync($"user={user}&action=auth.", ct);
        Assert.Contains(entries, e => e.Action == "auth.token" && e.Outcome == "forbidden" && e.Detail!.Contains("wrong password", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == "auth.token" && e.Outcome == "succeeded");
        Assert.Contains(entries, e => e.Action == "auth.sign-in" && e.Outcome == "succeeded");
        Assert.All(entries, e => Assert.StartsWith("from ", e.Detail, StringComparison.Ordinal));
        var everything = await fx.Admin.GetStringAsync($"/api/v1/admin/audit/export?format=json&user={user}", ct);
        Assert.DoesNotContain("the-wrong-password", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiFixture.Password, everything, StringComparison.Ordinal);
    }

    private async Task<List<AuditRow>> QueryAsync(string query, CancellationToken ct) =>
        (await fx.Admin.GetFromJsonAsync<List<AuditRow>>("/api/v1/admin/audit?take=1000&" + query, s_json, ct))!;

    private static string Iso(DateTime time) => Uri.EscapeDataString(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
