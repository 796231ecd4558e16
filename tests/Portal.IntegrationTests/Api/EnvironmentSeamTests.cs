using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.IntegrationTests.Compose;
using Portal.IntegrationTests.Policy;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// The environment seam with its one environment: the configured engine is the environment <c>local</c>, made at
/// first start, and what a real run and a real compose up leave behind — catalog rows, the stack record, jobs and
/// audit entries — carries it, by row id in the store and by name in what the API answers.
/// </summary>
public sealed class EnvironmentSeamTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task RunAndComposeUp_CarryTheLocalEnvironment_InCatalogStackJobsAndAudit()
    {
        var ct = TestContext.Current.CancellationToken;
        var services = fx.Factory.Services;
        var local = services.GetRequiredService<Engines>().Local;
        await local.Ready.WaitAsync(ct);
        Assert.Equal("local", local.Name);
        await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct))
        {
            var row = await db.Endpoints.SingleAsync(e => e.Name == "local", ct);
            Assert.Equal(local.Id, row.Id);
            Assert.Equal("unix:///var/run/docker.sock", row.Uri);
        }

        // docker run
        var name = "envseam-" + TestNames.Token();
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, name), ct);
        Assert.True(run.StatusCode == HttpStatusCode.Created, await run.Content.ReadAsStringAsync(ct));
        var created = (await run.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("local", created["environment"]?.GetValue<string>());

        var listed = await fx.AsOperatorA.GetFromJsonAsync<JsonArray>($"/api/v1/containers?q={name}", ct);
        Assert.Equal("local", Assert.Single(listed!)!["environment"]?.GetValue<string>());
        var inspected = await fx.AsOperatorA.GetFromJsonAsync<JsonObject>($"/api/v1/containers/{name}", ct);
        Assert.Equal("local", inspected!["summary"]!["environment"]?.GetValue<string>());
        var catalog = services.GetRequiredService<CatalogStore>();
        var catalogRow = await catalog.FindContainerAsync(local.Id, id, includeRemoved: false, ct);
        Assert.NotNull(catalogRow);
        Assert.Equal(local.Id, catalogRow.EndpointId);
        // Rows are keyed by environment: under another id the container is not there.
        Assert.Null(await catalog.FindContainerAsync(local.Id + 1000, id, includeRemoved: true, ct));

        var runAudit = await AuditAsync($"action=container.run&object={name}", ct);
        Assert.NotEmpty(runAudit);
        Assert.All(runAudit, e => AssertLocal(e, local.Id));

        // docker compose up
        var project = "envseam" + TestNames.Token();
        try
        {
            await ComposeApiClient.SaveAsync(fx.AsOperatorA, project, fx.TeamA, "compose.json", ComposeApiClient.OneService(fx, project).ToJsonString(), ct);
            var up = await ComposeApiClient.RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);
            Assert.Equal("succeeded", up.State);

            var job = await fx.AsOperatorA.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{up.Id}", ct);
            Assert.Equal("local", job!["environment"]?.GetValue<string>());
            var jobs = await fx.AsOperatorA.GetFromJsonAsync<JsonArray>("/api/v1/jobs", ct);
            Assert.Equal("local", jobs!.Single(j => j!["id"]!.GetValue<string>() == up.Id)!["environment"]?.GetValue<string>());

            var stack = await services.GetRequiredService<StackStore>().FindAsync(local.Id, project, ct);
            Assert.NotNull(stack);
            Assert.Equal(local.Id, stack.EndpointId);
            var stacks = await fx.AsOperatorA.GetFromJsonAsync<JsonArray>("/api/v1/stacks", ct);
            var summary = stacks!.Single(s => s!["name"]!.GetValue<string>() == project)!;
            Assert.Equal("local", summary["environment"]?.GetValue<string>());
            Assert.Equal(1, summary["running"]!.GetValue<int>());

            var service = Assert.Single(await fx.AsOperatorA.GetFromJsonAsync<JsonArray>($"/api/v1/containers?q={project}-app-1", ct) ?? []);
            Assert.Equal("local", service!["environment"]?.GetValue<string>());
            var serviceRow = await catalog.FindContainerAsync(local.Id, service["id"]!.GetValue<string>(), includeRemoved: false, ct);
            Assert.Equal(local.Id, serviceRow!.EndpointId);

            var stackAudit = await AuditAsync($"object={project}", ct);
            Assert.Contains(stackAudit, e => e["action"]!.GetValue<string>().StartsWith("stack.", StringComparison.Ordinal));
            Assert.All(stackAudit, e => AssertLocal(e, local.Id));
        }
        finally
        {
            // Waited for: a down still removing the service when the fixture cleans up makes the engine answer 409.
            await ComposeApiClient.RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/down?volumes=true", CancellationToken.None);
            await fx.AsOperatorA.DeleteAsync($"/api/v1/containers/{id}?force=true", CancellationToken.None);
        }
    }

    private async Task<List<JsonObject>> AuditAsync(string filter, CancellationToken ct) =>
        (await fx.Admin.GetFromJsonAsync<JsonArray>($"/api/v1/admin/audit?{filter}&take=1000", ct))!.Select(e => e!.AsObject()).ToList();

    private static void AssertLocal(JsonObject entry, int localId)
    {
        Assert.Equal(localId, entry["endpointId"]?.GetValue<int>());
        Assert.Equal("local", entry["environment"]?.GetValue<string>());
    }
}
