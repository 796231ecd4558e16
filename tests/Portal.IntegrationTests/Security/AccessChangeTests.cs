using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.IntegrationTests.Api;
using Portal.IntegrationTests.Policy;
using Xunit;

namespace Portal.IntegrationTests.Security;

/// <summary>
/// A token's sign-in and its owner's teams are kept between requests (no queries per request); a change
/// of role or membership must still hold from the very next request of a client that was just served.
/// </summary>
public sealed class AccessChangeTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Membership_RoleLoweredThenRemoved_HoldsOnTheNextRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = "acc-" + fx.Suffix;
        var name = "acc-c-" + fx.Suffix;
        await fx.CreateUserAsync(user, "Operator", fx.TeamA, ct);
        var client = await fx.Factory.ClientForAsync(user, ApiFixture.Password, ct);
        Assert.Equal(HttpStatusCode.Created, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, name), ct)).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/containers/{name}", ct)).StatusCode);
        }

        (await fx.Admin.PutAsJsonAsync($"/api/v1/users/{user}/teams/{fx.TeamA}", new { role = "Viewer" }, ct)).EnsureSuccessStatusCode();
        var stopAsViewer = await client.PostAsync($"/api/v1/containers/{name}/stop", null, ct);
        var stillSeen = await client.GetAsync($"/api/v1/containers/{name}", ct);

        await using (var scope = fx.Factory.Services.CreateAsyncScope())
        {
            var admin = new Portal.Engine.Pipeline.Actor("admin-test", "admin", true, new Dictionary<string, Portal.Data.Entities.TeamRole>());
            await scope.ServiceProvider.GetRequiredService<Portal.Engine.Users.UserOperations>().RemoveMembershipAsync(admin, user, fx.TeamA, ct);
        }

        var gone = await client.GetAsync($"/api/v1/containers/{name}", ct);
        var list = await client.GetStringAsync("/api/v1/containers?all=true", ct);

        Assert.Equal(HttpStatusCode.Forbidden, stopAsViewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillSeen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain(name, list, StringComparison.Ordinal);
    }
}
