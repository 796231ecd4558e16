using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Compose.ComposeApiClient;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Compose;

/// <summary>
/// A stack with three services refused by three different rules is refused with all three at once — by the plan of
/// the editor's files, the saved plan and up — each said in one sentence naming its service, key and rule once, and
/// each listed in the problem's <c>problems</c> and <c>errors</c> by its compose key path; nothing is created.
/// </summary>
public sealed class ComposePlanRefusalsApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly (string Service, string Field, string Rule)[] s_refused =
    [
        // In the order the stack lists its services (by name), as the refusal does.
        ("caps", "services.caps.cap_add", "no-added-capabilities"),
        ("hostdir", "services.hostdir.volumes", "no-host-binds"),
        ("priv", "services.priv.privileged", "no-privileged"),
    ];

    [Fact]
    public async Task Plan_ThreeServicesRefusedByThreeRules_ReportsEveryOne_AndUpTooAndCreatesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = $"many{TestNames.Token()}";
        var doc = OneService(fx, project);
        var services = (JsonObject)doc["services"]!;
        var app = services["app"]!;
        services["priv"] = With(app, "privileged", JsonValue.Create(true));
        services["hostdir"] = With(app, "volumes", new JsonArray(JsonNode.Parse("""{"type": "bind", "source": "/etc", "target": "/host-etc", "read_only": true}""")));
        services["caps"] = With(app, "cap_add", new JsonArray("SYS_ADMIN"));
        var content = doc.ToJsonString();
        await SaveAsync(fx.AsOperatorA, project, fx.TeamA, "compose.json", content, ct);
        try
        {
            var preview = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/stacks/{project}/plan", new { files = new[] { new { name = "compose.json", content } }, env = "" }, ct);
            await AssertEveryRefusalAsync(preview, ct);
            await AssertEveryRefusalAsync(await fx.AsOperatorA.GetAsync($"/api/v1/stacks/{project}/plan", ct), ct);

            var up = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);
            Assert.Equal("failed", up.State);
            foreach (var (service, _, rule) in s_refused)
            {
                Assert.Contains($"Service '{service}' (key '", up.Error, StringComparison.Ordinal);
                Assert.Contains($"is refused by rule '{rule}'", up.Error, StringComparison.Ordinal);
            }

            Assert.Equal((0, 0, 0), await ProjectObjectsAsync(fx, project, ct));
        }
        finally
        {
            await DownQuietlyAsync(fx.AsOperatorA, project);
        }
    }

    private static async Task AssertEveryRefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var detail = await AssertRefusedAsync(response, s_refused[0].Rule, ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var problems = body.RootElement.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(s_refused.Length, problems.Count);
        var errors = body.RootElement.GetProperty("errors");
        foreach (var (service, field, rule) in s_refused)
        {
            var problem = Assert.Single(problems, p => p.GetProperty("field").GetString() == field);
            Assert.Equal(rule, problem.GetProperty("rule").GetString());
            var message = problem.GetProperty("message").GetString()!;
            Assert.StartsWith($"Service '{service}' (key '{field.Split('.')[2]}') is refused by rule '{rule}': ", message, StringComparison.Ordinal);
            Assert.Equal(1, message.Split(rule).Length - 1);
            Assert.Contains(message, detail, StringComparison.Ordinal);
            Assert.Equal(message, Assert.Single(errors.GetProperty(field).EnumerateArray()).GetString());
        }

        Assert.EndsWith("Nothing was deployed.", detail, StringComparison.Ordinal);
    }

    private static JsonObject With(JsonNode service, string key, JsonNode? value)
    {
        var copy = service.DeepClone().AsObject();
        copy[key] = value;
        return copy;
    }
}
