using Portal.Data.Entities;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.IntegrationTests.Api;
using Portal.Web.Hubs;
using Xunit;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// Every REST endpoint of the app's own route table × every kind of caller → allowed or denied.
/// A new endpoint without an expectation below fails the test. Team A owns the objects; a request
/// by team B's operator must read exactly like one for an object that does not exist.
/// </summary>
/// <remarks>
/// Denied cells are always sent (a broken check would show as a change). Allowed cells are sent
/// for reads; allowed mutations are not sent here (they would consume the shared objects) —
/// SuccessfulMutationsTests makes each of them succeed once.
/// The environment dimension: a route under <c>/api/v1/environments/{env}</c> has its unprefixed twin's
/// expectation when <c>{env}</c> is the local environment, and for an environment no team is granted every
/// caller but an admin gets exactly what an unknown environment name gets (404), before anything else.
/// </remarks>
public sealed class PermissionMatrixTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    /// <summary>Expectations by "METHOD pattern"; route values are filled from team A's objects.</summary>
    private static readonly Dictionary<string, MatrixKind> s_expectations = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/auth/token"] = MatrixKind.Public,
        ["GET /api/v1/teams"] = MatrixKind.SignedIn,
        ["POST /api/v1/teams"] = MatrixKind.AdminOnly,
        ["DELETE /api/v1/teams/{team}"] = MatrixKind.AdminOnly,
        ["DELETE /api/v1/users/{user}"] = MatrixKind.AdminOnly,
        ["GET /api/v1/users"] = MatrixKind.AdminOnly,
        ["POST /api/v1/users"] = MatrixKind.AdminOnly,
        ["GET /api/v1/audit"] = MatrixKind.AdminOnly,
        ["GET /api/v1/admin/audit"] = MatrixKind.AdminOnly,
        ["GET /api/v1/admin/audit/export"] = MatrixKind.AdminOnly,
        ["GET /api/v1/admin/audit/retention"] = MatrixKind.AdminOnly,
        ["PUT /api/v1/admin/audit/retention"] = MatrixKind.AdminOnly,
        ["GET /api/v1/tokens/"] = MatrixKind.SignedIn,
        ["POST /api/v1/tokens/"] = MatrixKind.SignedIn,
        ["GET /api/v1/logs/streams"] = MatrixKind.AdminOnly,
        ["GET /api/v1/stats"] = MatrixKind.SignedIn,
        ["GET /api/v1/system/overview"] = MatrixKind.SignedIn,
        ["DELETE /api/v1/tokens/{id:int}"] = MatrixKind.OwnerWrite,
        ["GET /api/v1/engine"] = MatrixKind.SignedIn,
        ["GET /api/v1/containers/"] = MatrixKind.SignedIn,
        ["GET /api/v1/containers/{idOrName}"] = MatrixKind.TeamRead,
        ["POST /api/v1/containers/"] = MatrixKind.Operate,
        ["POST /api/v1/containers/{idOrName}/start"] = MatrixKind.TeamWrite,
        ["POST /api/v1/containers/{idOrName}/stop"] = MatrixKind.TeamWrite,
        ["POST /api/v1/containers/{idOrName}/restart"] = MatrixKind.TeamWrite,
        ["POST /api/v1/containers/{idOrName}/kill"] = MatrixKind.TeamWrite,
        ["DELETE /api/v1/containers/{idOrName}"] = MatrixKind.TeamWrite,
        ["PUT /api/v1/containers/{idOrName}/team"] = MatrixKind.TeamAdmin,
        ["POST /api/v1/images/build"] = MatrixKind.Operate,
        ["POST /api/v1/images/pull"] = MatrixKind.Operate,
        ["GET /api/v1/jobs/"] = MatrixKind.SignedIn,
        // Jobs of every kind are their starter's and their team's: team mates follow them, operators stop them.
        ["GET /api/v1/jobs/{id}"] = MatrixKind.TeamRead,
        ["GET /api/v1/jobs/{id}/events"] = MatrixKind.TeamRead,
        ["DELETE /api/v1/jobs/{id}"] = MatrixKind.TeamWrite,
        ["GET /api/v1/images/"] = MatrixKind.SignedIn,
        ["POST /api/v1/images/prune"] = MatrixKind.Operate,
        ["GET /api/v1/images/{**reference}"] = MatrixKind.SignedIn,
        ["POST /api/v1/images/{**path}"] = MatrixKind.BaseImageWrite,
        ["DELETE /api/v1/images/{**reference}"] = MatrixKind.BaseImageWrite,
        ["GET /api/v1/networks/"] = MatrixKind.SignedIn,
        ["GET /api/v1/networks/{idOrName}"] = MatrixKind.TeamRead,
        ["POST /api/v1/networks/"] = MatrixKind.Operate,
        ["POST /api/v1/networks/{idOrName}/connect"] = MatrixKind.TeamWrite,
        ["POST /api/v1/networks/{idOrName}/disconnect"] = MatrixKind.TeamWrite,
        ["DELETE /api/v1/networks/{idOrName}"] = MatrixKind.TeamWrite,
        ["POST /api/v1/networks/prune"] = MatrixKind.Operate,
        ["GET /api/v1/settings/policy"] = MatrixKind.AdminOnly,
        ["PUT /api/v1/settings/policy"] = MatrixKind.AdminOnly,
        ["GET /api/v1/teams/{team}/quota"] = MatrixKind.TeamRead,
        ["PUT /api/v1/teams/{team}/quota"] = MatrixKind.TeamAdmin,
        ["PUT /api/v1/users/{user}/teams/{team}"] = MatrixKind.AdminOnly,
        // Environments: everyone lists and reads the ones their teams are granted ({env} is local, which every team holds);
        // only admins change them, test them or see their grants.
        ["GET /api/v1/environments/"] = MatrixKind.SignedIn,
        ["POST /api/v1/environments/"] = MatrixKind.AdminOnly,
        ["POST /api/v1/environments/test"] = MatrixKind.AdminOnly,
        ["GET /api/v1/environments/{env}"] = MatrixKind.SignedIn,
        ["PUT /api/v1/environments/{env}"] = MatrixKind.AdminOnly,
        ["DELETE /api/v1/environments/{env}"] = MatrixKind.AdminOnly,
        ["POST /api/v1/environments/{env}/test"] = MatrixKind.AdminOnly,
        ["GET /api/v1/environments/{env}/grants"] = MatrixKind.AdminOnly,
        ["PUT /api/v1/environments/{env}/grants/{team}"] = MatrixKind.AdminOnly,
        ["DELETE /api/v1/environments/{env}/grants/{team}"] = MatrixKind.AdminOnly,
        ["GET /api/v1/registries/"] = MatrixKind.SignedIn,
        ["POST /api/v1/registries/"] = MatrixKind.Operate,
        ["DELETE /api/v1/registries/{id:int}"] = MatrixKind.TeamWrite,
        // Testing a stored login changes nothing, so the team's viewers may run it too.
        ["POST /api/v1/registries/{id:int}/test"] = MatrixKind.TeamRead,
        ["GET /api/v1/system/df"] = MatrixKind.SignedIn,
        ["POST /api/v1/system/prune/{scope}"] = MatrixKind.Operate,
        ["GET /api/v1/volumes/"] = MatrixKind.SignedIn,
        ["GET /api/v1/volumes/{name}"] = MatrixKind.TeamRead,
        ["POST /api/v1/volumes/"] = MatrixKind.Operate,
        ["DELETE /api/v1/volumes/{name}"] = MatrixKind.TeamWrite,
        ["POST /api/v1/volumes/prune"] = MatrixKind.Operate,
        ["GET /api/v1/volumes/{name}/browse"] = MatrixKind.TeamRead,
        ["GET /api/v1/volumes/{name}/download"] = MatrixKind.TeamRead,
        ["GET /api/v1/containers/{idOrName}/logs"] = MatrixKind.TeamRead,
        ["GET /api/v1/containers/{idOrName}/logs/download"] = MatrixKind.TeamRead,
        ["POST /api/v1/containers/{idOrName}/exec"] = MatrixKind.TeamWrite,
        ["GET /api/v1/containers/{idOrName}/stats"] = MatrixKind.TeamRead,
        ["GET /api/v1/containers/{idOrName}/stats/history"] = MatrixKind.TeamRead,
        ["GET /api/v1/stacks/"] = MatrixKind.SignedIn,
        ["GET /api/v1/stacks/{name}"] = MatrixKind.TeamRead,
        ["POST /api/v1/stacks/"] = MatrixKind.Operate,
        ["PUT /api/v1/stacks/{name}"] = MatrixKind.TeamWrite,
        ["DELETE /api/v1/stacks/{name}"] = MatrixKind.TeamWrite,
        // Checking files changes nothing and names nobody's objects.
        ["POST /api/v1/stacks/validate"] = MatrixKind.SignedIn,
        ["GET /api/v1/stacks/{name}/config"] = MatrixKind.TeamRead,
        ["GET /api/v1/stacks/{name}/plan"] = MatrixKind.TeamRead,
        // A plan of files sent in the body saves nothing: reading the stack is enough.
        ["POST /api/v1/stacks/{name}/plan"] = MatrixKind.TeamRead,
        ["GET /api/v1/stacks/{name}/revisions"] = MatrixKind.TeamRead,
        ["POST /api/v1/stacks/{name}/revisions/{number:int}/rollback"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/adopt"] = MatrixKind.AdminOnly,
        // A copy makes a stack of the same team: changing the stack here (and operating its team there) is needed.
        ["POST /api/v1/stacks/{name}/copy"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/up"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/down"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/start"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/stop"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/restart"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/scale"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/rm"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/pull"] = MatrixKind.TeamWrite,
        ["POST /api/v1/stacks/{name}/build"] = MatrixKind.TeamWrite,
        // One job system: a stack job is its starter's and its stack's team's, like every job.
        ["GET /api/v1/stacks/jobs/{id}"] = MatrixKind.TeamRead,
        ["GET /api/v1/stacks/jobs/{id}/events"] = MatrixKind.TeamRead,
    };

    [Fact]
    public async Task EveryEndpoint_EveryCaller_AllowedOrDeniedAsExpected()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoints = ApiEndpoints(fx);
        var missing = endpoints.Select(e => e.Key).Where(k => ExpectationOf(k) is null).ToList();
        Assert.True(missing.Count == 0, "Endpoints without an expectation in the permission matrix: " + string.Join(", ", missing));
        Assert.DoesNotContain(s_expectations.Keys, k => endpoints.All(e => e.Key != k));
        Assert.True(endpoints.Count(e => IsInEnvironment(e.Key)) > 60, "the resource routes are not mapped under /api/v1/environments/{env}");
        var local = fx.Factory.Services.GetRequiredService<Engines>().Local.Name;
        var ungranted = await UngrantedEnvironmentAsync(ct);

        var objects = await MatrixWorld.TeamAObjectsAsync(fx, ct);
        var clients = await MatrixWorld.ClientsAsync(fx, ct);
        var failures = new List<string>();
        var cells = 0;
        foreach (var (key, endpoint) in endpoints)
        {
            var kind = ExpectationOf(key)!.Value;
            if (kind == MatrixKind.Public)
            {
                Assert.True(endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null, $"{key} is expected to be public.");
                continue;
            }

            var (method, pattern) = Split(key);
            var reads = method == "GET" || endpoint.Metadata.GetMetadata<AllowReadOnlyAttribute>() is not null;
            foreach (var caller in Enum.GetValues<MatrixCaller>())
            {
                var expected = MatrixRules.Expected(kind, caller, reads);
                if (expected == MatrixOutcome.Allow && !reads)
                {
                    continue;
                }

                cells++;
                var response = await SendAsync(clients[caller], method, Fill(pattern, objects, missingObject: false, local), objects, ct);
                var actual = Classify(response.StatusCode);
                if (actual != expected)
                {
                    failures.Add($"{key} as {caller}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                    continue;
                }

                if (expected == MatrixOutcome.Hidden)
                {
                    // Another team's object must read exactly like a missing one: same status, same body shape.
                    var ghost = await SendAsync(clients[caller], method, Fill(pattern, objects, missingObject: true, local), objects, ct);
                    var real = await ShapeAsync(response, objects, ct);
                    var none = await ShapeAsync(ghost, objects, ct);
                    if (ghost.StatusCode != response.StatusCode || real != none)
                    {
                        failures.Add($"{key} as {caller}: another team's object ({(int)response.StatusCode} {real}) differs from a missing one ({(int)ghost.StatusCode} {none})");
                    }
                }
            }

            if (IsInEnvironment(key))
            {
                cells += await UngrantedCellsAsync(key, method, pattern, reads, ungranted, clients, objects, failures, ct);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cells} cells wrong:\n" + string.Join("\n", failures));
        Assert.True(cells > 250, $"only {cells} cells were checked");
    }

    /// <summary>
    /// The route on an environment none of the callers' teams is granted: it does not exist for them. Admins
    /// may use every environment (this one has no engine behind it), so they are not sent here.
    /// </summary>
    private static async Task<int> UngrantedCellsAsync(string key, string method, string pattern, bool reads, string ungranted,
        Dictionary<MatrixCaller, HttpClient> clients, MatrixObjects objects, List<string> failures, CancellationToken ct)
    {
        var cells = 0;
        foreach (var caller in Enum.GetValues<MatrixCaller>().Where(c => c != MatrixCaller.Admin))
        {
            // Signing in and the read-only wall come first; then the environment is not there.
            var expected = caller switch
            {
                MatrixCaller.Anonymous or MatrixCaller.RevokedToken => MatrixOutcome.Unauthenticated,
                MatrixCaller.ReadOnlyToken when !reads => MatrixOutcome.Forbidden,
                _ => MatrixOutcome.Hidden,
            };
            cells++;
            var response = await SendAsync(clients[caller], method, Fill(pattern, objects, missingObject: false, ungranted), objects, ct);
            var actual = Classify(response.StatusCode);
            if (actual != expected)
            {
                failures.Add($"{key} on environment '{ungranted}' (not granted) as {caller}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                continue;
            }

            if (expected == MatrixOutcome.Hidden)
            {
                var unknown = "no-such-env-" + objects.Token;
                var ghost = await SendAsync(clients[caller], method, Fill(pattern, objects, missingObject: false, unknown), objects, ct);
                var real = await ShapeAsync(response, objects, ct, ungranted, unknown);
                var none = await ShapeAsync(ghost, objects, ct, ungranted, unknown);
                if (ghost.StatusCode != response.StatusCode || real != none)
                {
                    failures.Add($"{key} as {caller}: an environment not granted ({(int)response.StatusCode} {real}) differs from an unknown one ({(int)ghost.StatusCode} {none})");
                }
            }
        }

        return cells;
    }

    /// <summary>An environment in this fixture's Portal that no team is granted (no engine answers behind it: nobody may reach it).</summary>
    private async Task<string> UngrantedEnvironmentAsync(CancellationToken ct)
    {
        var services = fx.Factory.Services;
        var engines = services.GetRequiredService<Engines>();
        var name = "ungranted-" + fx.Suffix;
        if (!engines.TryGet(name, out _))
        {
            var endpoint = $"unix:///nonexistent/portal-matrix-{fx.Suffix}.sock";
            var id = await services.GetRequiredService<EndpointStore>().EnsureAsync(name, endpoint, ct);
            engines.Add(new EngineEnvironment(id, name), new EngineConnection(
                new EnvironmentDefinition(name, EnvironmentKind.Socket, endpoint), TimeSpan.FromSeconds(100), TimeProvider.System, NullLogger<EngineConnection>.Instance));
        }

        return name;
    }

    /// <summary>Prefix of the resource routes that name their environment.</summary>
    internal const string EnvironmentPrefix = "/api/v1/environments/{env}/";

    /// <summary>A resource route under an environment's prefix: one whose unprefixed twin exists (not the environments' own administration).</summary>
    internal static bool IsInEnvironment(string key) => TwinOf(key) is { } twin && s_expectations.ContainsKey(twin);

    /// <summary>The route without the environment's prefix, or null when it has none.</summary>
    private static string? TwinOf(string key)
    {
        var (method, pattern) = Split(key);
        return pattern.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) ? $"{method} /api/v1/{pattern[EnvironmentPrefix.Length..]}" : null;
    }

    /// <summary>The expectation of a route; a resource route under an environment's prefix has its unprefixed twin's.</summary>
    private static MatrixKind? ExpectationOf(string key) =>
        s_expectations.TryGetValue(key, out var kind) ? kind
        : IsInEnvironment(key) ? s_expectations[TwinOf(key)!]
        : null;

    private static MatrixOutcome Classify(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => MatrixOutcome.Unauthenticated,
        HttpStatusCode.Forbidden => MatrixOutcome.Forbidden,
        HttpStatusCode.NotFound => MatrixOutcome.Hidden,
        _ => MatrixOutcome.Allow,
    };

    /// <summary>"METHOD /pattern" → endpoint, for every route under /api.</summary>
    internal static List<KeyValuePair<string, RouteEndpoint>> ApiEndpoints(ApiFixture fx)
    {
        var source = fx.Factory.Services.GetRequiredService<EndpointDataSource>();
        return source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new KeyValuePair<string, RouteEndpoint>($"{m} {e.RoutePattern.RawText}", e)))
            .ToList();
    }

    internal static (string Method, string Pattern) Split(string key) => (key[..key.IndexOf(' ', StringComparison.Ordinal)], key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    private static string Fill(string pattern, MatrixObjects o, bool missingObject, string environment)
    {
        string Name(string real) => missingObject ? "no-such-" + o.Token : real;
        var path = pattern
            .Replace("{env}", environment, StringComparison.Ordinal)
            .Replace("/stacks/jobs/{id}", "/stacks/jobs/" + Name(o.StackJob), StringComparison.Ordinal)
            .Replace("/stacks/{name}", "/stacks/" + Name(o.Stack), StringComparison.Ordinal)
            .Replace("{number:int}", "1", StringComparison.Ordinal)
            .Replace("/containers/{idOrName}", "/containers/" + Name(o.Container), StringComparison.Ordinal)
            .Replace("/networks/{idOrName}", "/networks/" + Name(o.Network), StringComparison.Ordinal)
            .Replace("{name}", Name(o.Volume), StringComparison.Ordinal)
            .Replace("{**reference}", o.Image, StringComparison.Ordinal)
            .Replace("{**path}", o.Image + "/tag", StringComparison.Ordinal)
            .Replace("{id:int}", missingObject ? "999999" : o.Registry.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{id}", Name(o.Job), StringComparison.Ordinal)
            .Replace("{team}", Name(o.Team), StringComparison.Ordinal)
            .Replace("{user}", o.User, StringComparison.Ordinal)
            .Replace("{scope}", "Containers", StringComparison.Ordinal)
            .Replace("{env}", "local", StringComparison.Ordinal);
        return path.Contains("/volumes/", StringComparison.Ordinal) && (path.EndsWith("/browse", StringComparison.Ordinal) || path.EndsWith("/download", StringComparison.Ordinal)) ? path + "?path=/" : path;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, MatrixObjects o, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = path.EndsWith("/images/build", StringComparison.Ordinal)
                ? new ByteArrayContent(new byte[1024]) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-tar") } }
                : new StringContent(Body(method, path, o), Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, ct);
    }

    /// <summary>Small valid bodies, so a denial is never a side effect of a malformed request.</summary>
    private static string Body(string method, string path, MatrixObjects o) => path switch
    {
        _ when path.EndsWith("/connect", StringComparison.Ordinal) || path.EndsWith("/disconnect", StringComparison.Ordinal) => $"{{\"container\":\"{o.Container}\"}}",
        _ when path.EndsWith("/registries/", StringComparison.Ordinal) => "{\"name\":\"matrix-denied\",\"url\":\"http://127.0.0.1:1\"}",
        _ when path.EndsWith("/team", StringComparison.Ordinal) => "{\"team\":null}",
        _ when path.EndsWith("/images/pull", StringComparison.Ordinal) => "{\"reference\":\"127.0.0.1:1/none:latest\"}",
        _ when path.EndsWith("/quota", StringComparison.Ordinal) => "{\"maxContainers\":100}",
        _ when path.Contains("/users/", StringComparison.Ordinal) => "{\"role\":\"Viewer\"}",
        _ when path.EndsWith("/tag", StringComparison.Ordinal) => "{\"tag\":\"portal-test-img/matrix:denied\"}",
        _ when path.EndsWith("/exec", StringComparison.Ordinal) => "{\"command\":\"true\"}",
        _ when path.EndsWith("/scale", StringComparison.Ordinal) => "{\"service\":\"app\",\"replicas\":1}",
        _ when path.EndsWith("/adopt", StringComparison.Ordinal) => $"{{\"team\":\"{o.Team}\"}}",
        _ when path.EndsWith("/stacks/", StringComparison.Ordinal) || path.EndsWith("/stacks/validate", StringComparison.Ordinal) || path.EndsWith("/plan", StringComparison.Ordinal)
            || method == "PUT" && path.Contains("/stacks/", StringComparison.Ordinal) =>
            JsonSerializer.Serialize(new { name = "matrixdenied" + o.Token, team = o.Team, files = new[] { new { name = "compose.yaml", content = $"services:\n  app:\n    image: {o.Image}\n" } } }),
        _ => "{}",
    };

    /// <summary>The response with every name of ours blanked: status, content type, JSON property names, and detail.</summary>
    private static async Task<string> ShapeAsync(HttpResponseMessage response, MatrixObjects o, CancellationToken ct, params string[] names)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        foreach (var name in o.Secrets.Concat(names).Concat(["no-such-" + o.Token, "999999", o.Registry.ToString(System.Globalization.CultureInfo.InvariantCulture)]).OrderByDescending(n => n.Length))
        {
            body = body.Replace(name, "<name>", StringComparison.Ordinal);
        }

        using var doc = body.Length > 0 ? JsonDocument.Parse(body) : null;
        var keys = doc?.RootElement.ValueKind == JsonValueKind.Object ? string.Join(",", doc.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)) : "";
        var detail = doc?.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        return $"{response.Content.Headers.ContentType?.MediaType} [{keys}] {detail}";
    }
}
