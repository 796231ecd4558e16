using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.IntegrationTests.Security;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>/healthz, /readyz and /metrics as an orchestrator and a Prometheus scraper see them.</summary>
public sealed class HealthAndMetricsTests(HardeningTests.Host host) : IClassFixture<HardeningTests.Host>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Healthz_AnswersWithoutSignIn()
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await host.Portal.NewClient().GetAsync("/healthz", ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(s_json, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_ReportsTheDatabaseAndTheLocalEngine()
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await host.Portal.NewClient().GetAsync("/readyz", ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(s_json, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        var engine = checks.GetProperty("engine:local");
        Assert.Equal("Healthy", engine.GetProperty("status").GetString());
        Assert.Equal("connected", engine.GetProperty("data").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Readyz_DatabaseGone_Answers503NamingIt_WhileHealthzStaysUp()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new PortalApiFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz", ct)).StatusCode);

        // The file replaced by one that is not a database (a disk swapped, a volume lost): SQLite opens it and fails on the first query.
        var file = Path.Combine(factory.DataFolder, "portal.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
        await File.WriteAllTextAsync(file, new string('x', 4096), ct);
        var response = await client.GetAsync("/readyz", ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(s_json, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var database = body.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.StartsWith("The database does not answer: ", database.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", ct)).StatusCode);
    }

    [Fact]
    public async Task Metrics_FromLoopback_CarryRoutesEngineOperationsAndMemory()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = host.Portal.NewClient();
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = KestrelPortal.AdminPassword, name = "metrics" }, ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("token").GetString());
        // One read by route and one mutation through the pipeline (refused as not found: still an engine-facing operation).
        await client.GetAsync("/api/v1/containers/no-such-container-metrics", ct);
        await client.PostAsync("/api/v1/containers/no-such-container-metrics/start", null, ct);

        var response = await host.Portal.NewClient().GetAsync("/metrics", ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("""http_request_duration_seconds_count\{code="4xx",method="GET",controller="",action="",endpoint="/api/v1/containers/\{idOrName\}"\} [1-9]""", text);
        Assert.Matches("""portal_engine_operation_duration_count\{action="container.start",outcome="not-found"\} [1-9]""", text);
        Assert.Matches("""portal_engine_connected\{environment="local"\} 1""", text);
        Assert.Contains("portal_logs_watched_containers ", text, StringComparison.Ordinal);
        Assert.Contains("portal_exec_sessions ", text, StringComparison.Ordinal);
        Assert.Contains("process_working_set_bytes ", text, StringComparison.Ordinal);
        Assert.Contains("system_runtime_dotnet_gc_collections", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_FromElsewhere_NeedTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        // The in-memory server has no remote address: it is not loopback.
        await using var factory = new PortalApiFactory { MetricsToken = "scrape-token-for-tests" };
        var client = factory.CreateClient();

        var anonymous = await client.GetAsync("/metrics", ct);
        var wrong = await SendAsync(client, "wrong-token", ct);
        var right = await SendAsync(client, "scrape-token-for-tests", ct);

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("http_request_duration_seconds", await right.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", ct)).StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, ct);
    }
}
