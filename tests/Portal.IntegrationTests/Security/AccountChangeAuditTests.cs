using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Pipeline;
using Portal.Engine.Users;
using Portal.IntegrationTests.Api;
using Xunit;
using AuditRow = Portal.IntegrationTests.Security.TokenApiTests.AuditRow;

namespace Portal.IntegrationTests.Security;

/// <summary>
/// User, team, membership, quota and token changes are Engine operations: each one, allowed or
/// refused, leaves exactly one audit entry naming who acted and how it ended.
/// </summary>
public sealed class AccountChangeAuditTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task UserCreate_AllowedAndRefused_EachAuditedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "aud-user-" + Guid.NewGuid().ToString("N")[..8];

        var refused = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/users", new { username = name, password = ApiFixture.Password, role = "Viewer" }, ct);
        var created = await fx.Admin.PostAsJsonAsync("/api/v1/users", new { username = name, password = ApiFixture.Password, role = "Viewer", teams = new[] { fx.TeamA } }, ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entries = await AuditAsync($"action=user.create&object={name}", ct);
        Assert.Equal(2, entries.Count);
        Assert.Single(entries, e => e.Actor == fx.OperatorA && e.Outcome == "forbidden");
        Assert.Single(entries, e => e.Actor == "admin" && e.Outcome == "succeeded" && e.Detail == $"role Viewer, teams {fx.TeamA}");
    }

    [Fact]
    public async Task MembershipChange_AllowedAndRefused_EachAuditedOnceWithTheTeam()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "aud-member-" + Guid.NewGuid().ToString("N")[..8];
        await fx.CreateUserAsync(name, "Viewer", fx.TeamA, ct);

        var refused = await fx.AsOperatorA.PutAsJsonAsync($"/api/v1/users/{name}/teams/{fx.TeamA}", new { role = "Operator" }, ct);
        var changed = await fx.Admin.PutAsJsonAsync($"/api/v1/users/{name}/teams/{fx.TeamA}", new { role = "Operator", mayExec = false }, ct);
        await WithUsersAsync(u => u.RemoveMembershipAsync(Admin, name, fx.TeamA, ct));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var set = await AuditAsync($"action=user.membership&object={name}", ct);
        Assert.Single(set, e => e.Action == "user.membership" && e.Actor == fx.OperatorA && e.Outcome == "forbidden");
        var done = Assert.Single(set, e => e.Action == "user.membership" && e.Actor == "admin");
        Assert.Equal(("succeeded", fx.TeamA), (done.Outcome, done.Team));
        Assert.Equal($"{fx.TeamA}: Operator, exec no, environment values no", done.Detail);
        var removed = Assert.Single(set, e => e.Action == "user.membership.remove");
        Assert.Equal(("admin-test", "succeeded", fx.TeamA), (removed.Actor, removed.Outcome, removed.Team));
    }

    [Fact]
    public async Task DisableEnableAndPasswordReset_EachAuditedOnce_RefusalsToo()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "aud-acct-" + Guid.NewGuid().ToString("N")[..8];
        await fx.CreateUserAsync(name, "Viewer", fx.TeamA, ct);
        var operatorActor = new Actor("op-test", fx.OperatorA, false, new Dictionary<string, Portal.Data.Entities.TeamRole>());

        var refusal = await Assert.ThrowsAsync<OperationFailedException>(() => WithUsersAsync(u => u.SetDisabledAsync(operatorActor, name, true, ct)));
        await WithUsersAsync(u => u.SetDisabledAsync(Admin, name, true, ct));
        await WithUsersAsync(u => u.SetDisabledAsync(Admin, name, false, ct));
        await WithUsersAsync(u => u.ResetPasswordAsync(Admin, name, "another-password-2", ct));
        var weak = await Assert.ThrowsAsync<OperationFailedException>(() => WithUsersAsync(u => u.ResetPasswordAsync(Admin, name, "short", ct)));

        Assert.Equal(OperationOutcome.Forbidden, refusal.Outcome);
        Assert.Equal(OperationOutcome.Invalid, weak.Outcome);
        var entries = await AuditAsync($"action=user.&object={name}", ct);
        Assert.Equal(
            ["user.create admin succeeded", $"user.disable {fx.OperatorA} forbidden", "user.disable admin-test succeeded", "user.enable admin-test succeeded",
                "user.reset-password admin-test succeeded", "user.reset-password admin-test invalid"],
            entries.AsEnumerable().Reverse().Select(e => $"{e.Action} {e.Actor} {e.Outcome}").ToList());
    }

    [Fact]
    public async Task TeamAndQuotaChanges_AllowedAndRefused_EachAuditedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = "aud-team-" + Guid.NewGuid().ToString("N")[..8];

        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        var duplicate = await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct);
        (await fx.Admin.PutAsJsonAsync($"/api/v1/teams/{team}/quota", new { maxContainers = 3 }, ct)).EnsureSuccessStatusCode();
        var quotaRefused = await fx.AsOperatorA.PutAsJsonAsync($"/api/v1/teams/{fx.TeamA}/quota", new { maxContainers = 100 }, ct);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, quotaRefused.StatusCode);
        Assert.Equal(["team.create admin succeeded", "team.create admin conflict", "team.quota admin succeeded"],
            (await AuditAsync($"action=team.&object={team}", ct)).AsEnumerable().Reverse().Select(e => $"{e.Action} {e.Actor} {e.Outcome}").ToList());
        Assert.Single(await AuditAsync($"action=team.quota&object={fx.TeamA}&user={fx.OperatorA}", ct), e => e.Outcome == "forbidden");
    }

    [Fact]
    public async Task TokenCreateAndRevoke_AuditedOnce_AnotherPersonsRevokeIsAuditedAsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "aud-token-" + Guid.NewGuid().ToString("N")[..8];

        var created = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/tokens", new { name }, ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture);
        var byOther = await fx.AsOperatorB.DeleteAsync($"/api/v1/tokens/{id}", ct);
        var revoked = await fx.AsOperatorA.DeleteAsync($"/api/v1/tokens/{id}", ct);

        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Single(await AuditAsync($"action=token.create&object={name}", ct), e => e.Actor == fx.OperatorA && e.Outcome == "succeeded");
        var revokes = await AuditAsync($"action=token.revoke&object={id}", ct);
        Assert.Equal([$"{fx.OperatorA} succeeded", $"{fx.OperatorB} not-found"],
            revokes.Where(e => e.Target == id).Select(e => $"{e.Actor} {e.Outcome}").ToList());
    }

    [Fact]
    public async Task OwnPasswordChange_AuditedForTheOwner_WrongCurrentPasswordRefusedAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "aud-pw-" + Guid.NewGuid().ToString("N")[..8];
        await fx.CreateUserAsync(name, "Viewer", fx.TeamA, ct);
        var browser = await BrowserSession.SignInAsync(fx.Factory, name, ApiFixture.Password, ct);
        var api = fx.Factory.CreateClient();

        var wrong = await browser.PostFormAsync("/account", "/account/password",
            new() { ["current"] = "not-my-password", ["next"] = "a-brand-new-password", ["confirm"] = "a-brand-new-password" }, ct);
        Assert.StartsWith("/account?error=", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = ApiFixture.Password }, ct)).StatusCode);
        var refusedOnly = await AuditAsync($"action=user.password&object={name}", ct);

        var changed = await browser.PostFormAsync("/account", "/account/password",
            new() { ["current"] = ApiFixture.Password, ["next"] = "a-brand-new-password", ["confirm"] = "a-brand-new-password" }, ct);

        Assert.StartsWith("/account?message=", changed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await browser.ProbeAsync(ct));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = "a-brand-new-password" }, ct)).StatusCode);
        Assert.Equal([$"user.password {name} forbidden"], refusedOnly.Select(e => $"{e.Action} {e.Actor} {e.Outcome}").ToList());
        var entries = await AuditAsync($"action=user.password&object={name}", ct);
        Assert.Equal([$"user.password {name} forbidden", $"user.password {name} succeeded"],
            entries.AsEnumerable().Reverse().Select(e => $"{e.Action} {e.Actor} {e.Outcome}").ToList());
        Assert.All(entries, e => Assert.Equal(name, e.Target));
        Assert.DoesNotContain(entries, e => new[] { ApiFixture.Password, "a-brand-new-password", "not-my-password" }.Any(p => (e.Detail ?? "").Contains(p, StringComparison.Ordinal)));
    }

    private static Actor Admin { get; } = new("admin-test", "admin-test", true, new Dictionary<string, Portal.Data.Entities.TeamRole>());

    private async Task WithUsersAsync(Func<UserOperations, Task> action)
    {
        await using var scope = fx.Factory.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<UserOperations>());
    }

    private async Task<List<AuditRow>> AuditAsync(string query, CancellationToken ct) =>
        (await fx.Admin.GetFromJsonAsync<List<AuditRow>>("/api/v1/admin/audit?take=1000&" + query, s_json, ct))!;
}
