using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>The REST API as each role drives it, against the real engine.</summary>
public sealed class ContainersApiAccessTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Container_OtherTeamsOperator_IsNotFoundEverywhere()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePorts.Next();
        var name = "api-http-" + Guid.NewGuid().ToString("N")[..8];
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", new
        {
            image = fx.Daemon.Image,
            name,
            command = new[] { "httpd", "-f", "-p", "8080" },
            ports = new[] { $"{port}:8080" },
            labels = fx.Labels,
        }, ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);

        using (var web = new HttpClient())
        {
            // busybox httpd answers (404 for an empty root): any HTTP response proves the port works.
            var page = await Poll.UntilAsync<HttpResponseMessage>(async t =>
            {
                try
                {
                    return await web.GetAsync($"http://127.0.0.1:{port}/", t);
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            }, "busybox httpd to answer on the published port", ct, TimeSpan.FromSeconds(20));
            Assert.NotNull(page);
        }

        Assert.Contains(await ListNamesAsync(fx.AsOperatorA, "/api/v1/containers", ct), n => n == name);
        Assert.Contains(await ListNamesAsync(fx.Admin, "/api/v1/containers", ct), n => n == name);
        Assert.DoesNotContain(await ListNamesAsync(fx.AsOperatorB, "/api/v1/containers?all=true", ct), n => n == name);
        Assert.DoesNotContain(await ListNamesAsync(fx.AsOperatorB, $"/api/v1/containers?all=true&team={fx.TeamA}", ct), n => n == name);

        var b = fx.AsOperatorB;
        var attempts = new Func<Task<HttpResponseMessage>>[]
        {
            () => b.GetAsync($"/api/v1/containers/{name}", ct),
            () => b.PostAsync($"/api/v1/containers/{name}/start", null, ct),
            () => b.PostAsync($"/api/v1/containers/{name}/stop", null, ct),
            () => b.PostAsync($"/api/v1/containers/{name}/restart", null, ct),
            () => b.PostAsync($"/api/v1/containers/{name}/kill", null, ct),
            () => b.DeleteAsync($"/api/v1/containers/{name}?force=true", ct),
            () => b.PutAsJsonAsync($"/api/v1/containers/{name}/team", new { team = fx.TeamB }, ct),
        };
        foreach (var attempt in attempts)
        {
            var response = await attempt();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.DoesNotContain(fx.TeamA, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.OK, (await fx.AsViewerA.GetAsync($"/api/v1/containers/{name}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsViewerA.PostAsync($"/api/v1/containers/{name}/stop", null, ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await fx.AsOperatorA.PostAsync($"/api/v1/containers/{name}/stop?t=1", null, ct)).StatusCode);
        var stopped = await GetAsync(fx.AsOperatorA, $"/api/v1/containers/{name}", ct);
        Assert.Equal("exited", stopped.GetProperty("summary").GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await fx.AsOperatorA.DeleteAsync($"/api/v1/containers/{name}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorA.GetAsync($"/api/v1/containers/{name}", ct)).StatusCode);

        var history = await GetAsync(fx.AsOperatorA, "/api/v1/containers?removed=true", ct);
        var record = history.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        Assert.Equal(fx.OperatorA, record.GetProperty("removedBy").GetString());
        Assert.Equal(fx.OperatorA, record.GetProperty("owner").GetString());
        Assert.DoesNotContain((await GetAsync(fx.AsOperatorB, "/api/v1/containers?removed=true", ct)).EnumerateArray(),
            c => c.GetProperty("name").GetString() == name);
    }

    [Theory]
    [InlineData("no-privileged", """{"privileged":true}""")]
    [InlineData("no-host-binds", """{"binds":["/etc:/host-etc:ro"]}""")]
    [InlineData("no-docker-socket", """{"binds":["/var/run/docker.sock:/var/run/docker.sock"]}""")]
    [InlineData("no-host-namespaces", """{"networkMode":"host"}""")]
    [InlineData("no-host-namespaces", """{"pidMode":"host"}""")]
    [InlineData("no-added-capabilities", """{"capAdd":["SYS_ADMIN"]}""")]
    [InlineData("no-devices", """{"devices":["/dev/kmsg"]}""")]
    [InlineData("no-unconfined-security", """{"securityOpt":["seccomp=unconfined"]}""")]
    public async Task Run_HostReachingOptionForOperator_IsRefusedByNamedRule(string rule, string extra)
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "api-adm-" + Guid.NewGuid().ToString("N")[..8];
        var body = JsonSerializer.Deserialize<Dictionary<string, object>>(extra, s_json)!;
        body["image"] = fx.Daemon.Image;
        body["name"] = name;
        body["command"] = new[] { "sleep", "30" };
        body["labels"] = fx.Labels;

        var response = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", body, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
        Assert.Contains(rule, problem.GetProperty("detail").GetString());
        Assert.Empty(await fx.Daemon.FindSessionContainersAsync(name, ct));
        var audit = await GetAsync(fx.Admin, $"/api/v1/audit?actor={fx.OperatorA}&outcome=forbidden&q={name}", ct);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains(rule, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"image":"Not A Valid:Ref"}""", HttpStatusCode.BadRequest, "not a valid image reference")]
    [InlineData("""{"image":"portal-test/does-not-exist:never"}""", HttpStatusCode.BadRequest, "not on this engine")]
    [InlineData("""{"image":"IMAGE","memory":"lots"}""", HttpStatusCode.BadRequest, "Memory 'lots'")]
    [InlineData("""{"image":"IMAGE","ports":["99999:80"]}""", HttpStatusCode.BadRequest, "99999")]
    [InlineData("""{"image":"IMAGE","restart":"sometimes"}""", HttpStatusCode.BadRequest, "Restart policy")]
    public async Task Run_BadInput_ClearProblemAndNothingCreated(string json, HttpStatusCode status, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "api-bad-" + Guid.NewGuid().ToString("N")[..8];
        var body = JsonSerializer.Deserialize<Dictionary<string, object>>(json.Replace("IMAGE", fx.Daemon.Image, StringComparison.Ordinal), s_json)!;
        body["name"] = name;
        body["labels"] = fx.Labels;

        var response = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", body, ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await fx.Daemon.FindSessionContainersAsync(name, ct));
    }

    [Fact]
    public async Task Run_NameInUse_Conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "api-dup-" + Guid.NewGuid().ToString("N")[..8];
        var body = new { image = fx.Daemon.Image, name, command = new[] { "sleep", "60" }, labels = fx.Labels };
        Assert.Equal(HttpStatusCode.Created, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", body, ct)).StatusCode);

        var again = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", body, ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"The container name '{name}' is taken", await again.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Single(await fx.Daemon.FindSessionContainersAsync(name, ct));
        Assert.Equal(HttpStatusCode.NoContent, (await fx.AsOperatorA.DeleteAsync($"/api/v1/containers/{name}?force=true", ct)).StatusCode);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url, CancellationToken ct)
    {
        var response = await client.GetAsync(url, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private static async Task<IReadOnlyList<string>> ListNamesAsync(HttpClient client, string url, CancellationToken ct) =>
        (await GetAsync(client, url, ct)).EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
}
