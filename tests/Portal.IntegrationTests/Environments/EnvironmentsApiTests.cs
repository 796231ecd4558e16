using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Environments;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Environments;

/// <summary>
/// Environments administered over the REST API against a second real engine (a <c>dockerd</c> of this run in its
/// own network namespace): created, connected, its catalog filled, tested, edited, granted, deleted with its rows;
/// refusals change nothing; teams see only what they are granted; keys never come back out.
/// </summary>
[Collection(NetnsEngineCollection.Name)]
public sealed class EnvironmentsApiTests(ApiFixture fx, NetnsEngineFixture engine) : IClassFixture<ApiFixture>
{
    private Engines Engines => fx.Factory.Services.GetRequiredService<Engines>();

    [Fact]
    public async Task SocketEnvironment_Connects_FillsItsCatalog_TestsEditsGrantsAndDeletes()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "env-" + TestNames.Token()[..8];
        var container = await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = engine.Image,
            Name = name + "-c",
            Cmd = ["true"],
            Labels = new Dictionary<string, string> { [TestLabels.Session] = name },
        }, ct);
        try
        {
            // Tried before it is saved: the probe answers, nothing is stored, non-admins may not.
            var draft = new { name, kind = "socket", uri = engine.Endpoint.ToString() };
            var drafted = await (await fx.Admin.PostAsJsonAsync("/api/v1/environments/test", draft, ct)).Content.ReadFromJsonAsync<EnvironmentProbe>(ct);
            Assert.True(drafted!.Reachable, drafted.Error);
            Assert.False(Engines.TryGet(name, out _));
            Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/environments/test", draft, ct)).StatusCode);

            var created = await fx.Admin.PostAsJsonAsync("/api/v1/environments",
                new { name, kind = "socket", uri = engine.Endpoint.ToString(), description = "second engine", labels = new[] { "test", "eu" } }, ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
            var info = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!;
            Assert.Equal("socket", info["kind"]!.GetValue<string>());
            Assert.Equal(engine.Endpoint.ToString(), info["uri"]!.GetValue<string>());
            var id = info["id"]!.GetValue<int>();

            // It is driven at once: connected, and its catalog holds that engine's container under its own id.
            var catalog = fx.Factory.Services.GetRequiredService<CatalogStore>();
            await Poll.UntilAsync(async c => Engines.TryGet(name, out var e) && e.Status.IsConnected
                && await catalog.FindContainerAsync(id, container.ID, includeRemoved: false, c) is not null,
                "the new environment to connect and list its container", ct, TimeSpan.FromSeconds(30));
            Assert.Null(await catalog.FindContainerAsync(Engines.Local.Id, container.ID, includeRemoved: true, ct));
            var listed = await fx.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/environments/{name}", ct);
            Assert.Equal("Connected", listed!["state"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(listed["serverVersion"]?.GetValue<string>()));

            var probe = await (await fx.Admin.PostAsync($"/api/v1/environments/{name}/test", null, ct)).Content.ReadFromJsonAsync<EnvironmentProbe>(ct);
            Assert.True(probe!.Reachable, probe.Error);
            var version = await engine.Client.System.GetVersionAsync(ct);
            Assert.Equal(version.Version, probe.ServerVersion);
            Assert.Equal(version.APIVersion, probe.ApiVersion);

            // Changes laid over the stored definition are tried, not saved.
            var elsewhere = await (await fx.Admin.PostAsJsonAsync($"/api/v1/environments/{name}/test", new { uri = "unix:///nonexistent/portal-test.sock" }, ct)).Content.ReadFromJsonAsync<EnvironmentProbe>(ct);
            Assert.False(elsewhere!.Reachable);
            Assert.Contains("/nonexistent/portal-test.sock", elsewhere.Error, StringComparison.Ordinal);
            Assert.Equal(engine.Endpoint.ToString(), (await fx.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/environments/{name}", ct))!["uri"]!.GetValue<string>());

            // Description and labels only: the same engine, still connected, no reconnect.
            var before = Engines.Get(name);
            var edited = await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{name}", new { description = "edited", labels = new[] { "prod" } }, ct);
            Assert.True(edited.IsSuccessStatusCode, await edited.Content.ReadAsStringAsync(ct));
            Assert.Same(before, Engines.Get(name));
            Assert.True(before.Status.IsConnected);
            var after = await fx.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/environments/{name}", ct);
            Assert.Equal("edited", after!["description"]!.GetValue<string>());
            Assert.Equal(["prod"], after["labels"]!.AsArray().Select(l => l!.GetValue<string>()));

            // The address: a new connection, the old one's supervisor stops; back again, it reconnects.
            var moved = await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{name}", new { uri = "unix:///nonexistent/portal-test.sock" }, ct);
            Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync(ct));
            Assert.NotSame(before, Engines.Get(name));
            Assert.True(before.Retired.IsCancellationRequested);
            await before.Stopped.WaitAsync(TimeSpan.FromSeconds(10), ct);
            await Poll.UntilAsync(_ => Task.FromResult(Engines.Get(name).Status.State == EngineState.Unavailable), "the moved environment to be unreachable", ct);
            Assert.True((await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{name}", new { uri = engine.Endpoint.ToString() }, ct)).IsSuccessStatusCode);
            var current = Engines.Get(name);
            await Poll.UntilAsync(_ => Task.FromResult(current.Status.IsConnected), "the environment to reconnect at its address", ct, TimeSpan.FromSeconds(30));
            Assert.Equal(id, current.Id);

            // Granted to team A only: team B's members do not learn it exists.
            var grant = await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{name}/grants/{fx.TeamA}", new { role = "Viewer" }, ct);
            Assert.True(grant.IsSuccessStatusCode, await grant.Content.ReadAsStringAsync(ct));
            var grants = await fx.Admin.GetFromJsonAsync<JsonArray>($"/api/v1/environments/{name}/grants", ct);
            var only = Assert.Single(grants!);
            Assert.Equal(fx.TeamA, only!["team"]!.GetValue<string>());
            Assert.Equal("Viewer", only["role"]!.ToString());
            var seenByA = (await fx.AsOperatorA.GetFromJsonAsync<JsonArray>("/api/v1/environments", ct))!.Single(e => e!["name"]!.GetValue<string>() == name)!;
            Assert.Null(seenByA["uri"]);
            Assert.Equal("Connected", seenByA["state"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await fx.AsViewerA.GetAsync($"/api/v1/environments/{name}", ct)).StatusCode);
            Assert.DoesNotContain(name, await fx.AsOperatorB.GetStringAsync("/api/v1/environments", ct), StringComparison.Ordinal);
            await AssertSameNotFoundAsync(fx.AsOperatorB, name, ct);
            Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.DeleteAsync($"/api/v1/environments/{name}", ct)).StatusCode);

            // Work on an environment is filed under that environment, not under the one the request came through.
            var filed = (await fx.Admin.GetFromJsonAsync<JsonArray>($"/api/v1/admin/audit?object={name}&take=100", ct))!
                .Where(e => e!["action"]!.GetValue<string>() is "environment.create" or "environment.update" or "environment.grant")
                .ToList();
            Assert.Equal(3, filed.Select(e => e!["action"]!.GetValue<string>()).Distinct().Count());
            Assert.All(filed, e => Assert.Equal(name, e!["environment"]?.GetValue<string>()));

            // Delete: the engine leaves the registry, its rows and grants go, its engine keeps its container.
            var deleted = await fx.Admin.DeleteAsync($"/api/v1/environments/{name}", ct);
            Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, await deleted.Content.ReadAsStringAsync(ct));
            Assert.False(Engines.TryGet(name, out _));
            Assert.True(current.Retired.IsCancellationRequested);
            Assert.True(current.Stopped.IsCompleted, "the watcher stops a removed environment's loop");
            Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync($"/api/v1/environments/{name}", ct)).StatusCode);
            await using var db = await fx.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
            Assert.Equal(0, await db.Containers.CountAsync(c => c.EndpointId == id, ct));
            Assert.Equal(0, await db.Images.CountAsync(i => i.EndpointId == id, ct));
            Assert.Equal(0, await db.Networks.CountAsync(n => n.EndpointId == id, ct));
            Assert.Equal(0, await db.Volumes.CountAsync(v => v.EndpointId == id, ct));
            Assert.Equal(0, await db.EnvironmentGrants.CountAsync(g => g.EndpointId == id, ct));
            Assert.NotNull(await engine.Client.Containers.InspectContainerAsync(container.ID, ct));
            var audit = await fx.Admin.GetFromJsonAsync<JsonArray>($"/api/v1/admin/audit?object={name}&take=100", ct);
            var actions = audit!.Select(e => e!["action"]!.GetValue<string>()).ToHashSet();
            Assert.Superset(new HashSet<string> { "environment.create", "environment.test", "environment.update", "environment.grant", "environment.delete" }, actions);
        }
        finally
        {
            if (Engines.TryGet(name, out _))
            {
                await fx.Admin.DeleteAsync($"/api/v1/environments/{name}", CancellationToken.None);
            }

            await engine.Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    [Fact]
    public async Task TlsEnvironment_KeyIsEncryptedAtRest_NeverReturnedOrAudited_AndKeptWhenLeftOut()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "envtls-" + TestNames.Token()[..8];
        var pem = TestPem.Create();
        var created = await fx.Admin.PostAsJsonAsync("/api/v1/environments",
            new { name, kind = "tcp+tls", uri = $"tcp://127.0.0.1:{FreePorts.Next()}", tlsCa = pem.Ca, tlsCert = pem.Cert, tlsKey = pem.Key }, ct);
        try
        {
            var createdText = await created.Content.ReadAsStringAsync(ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, createdText);
            Assert.True(Engines.TryGet(name, out _));
            var edited = await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{name}", new { description = "no key given" }, ct);
            var editedText = await edited.Content.ReadAsStringAsync(ct);
            Assert.True(edited.IsSuccessStatusCode, editedText);
            var probe = await (await fx.Admin.PostAsync($"/api/v1/environments/{name}/test", null, ct)).Content.ReadFromJsonAsync<EnvironmentProbe>(ct);
            Assert.False(probe!.Reachable);
            Assert.False(string.IsNullOrEmpty(probe.Error));

            var got = await fx.Admin.GetStringAsync($"/api/v1/environments/{name}", ct);
            var info = JsonNode.Parse(got)!;
            Assert.True(info["hasTlsKey"]!.GetValue<bool>());
            Assert.Equal(pem.Cert.Trim(), info["tlsCert"]!.GetValue<string>().Trim());
            var audit = await fx.Admin.GetStringAsync($"/api/v1/admin/audit?object={name}&take=100", ct);
            Assert.Contains("environment.update", audit, StringComparison.Ordinal);
            foreach (var body in new[] { createdText, editedText, got, audit, await fx.Admin.GetStringAsync("/api/v1/environments", ct) })
            {
                Assert.DoesNotContain(pem.KeyBody, body, StringComparison.Ordinal);
                Assert.DoesNotContain("PRIVATE KEY", body, StringComparison.Ordinal);
            }

            var row = await fx.Factory.Services.GetRequiredService<EndpointStore>().FindAsync(name, ct);
            Assert.False(string.IsNullOrEmpty(row!.TlsClientKeyCipher));
            Assert.DoesNotContain(pem.KeyBody, row.TlsClientKeyCipher, StringComparison.Ordinal);
            // The stored key is the one given, read back through the one definition builder.
            Assert.Equal(pem.Key.Trim(), fx.Factory.Services.GetRequiredService<EnvironmentDefinitions>().From(row).TlsClientKeyPem);
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await fx.Admin.DeleteAsync($"/api/v1/environments/{name}", CancellationToken.None)).StatusCode);
        }
    }

    [Fact]
    public async Task SshEnvironment_KeyIsNeverReturnedOrAudited_AndTheHostKeyIsPinnedOnlyWhenSaved()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "envssh-" + TestNames.Token()[..8];
        var body = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(300));
        var key = $"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n";
        var created = await fx.Admin.PostAsJsonAsync("/api/v1/environments", new { name, kind = "ssh", uri = $"ssh://root@127.0.0.1:{FreePorts.Next()}", sshKey = key }, ct);
        try
        {
            var createdText = await created.Content.ReadAsStringAsync(ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, createdText);
            var info = JsonNode.Parse(createdText)!;
            Assert.True(info["hasSshKey"]!.GetValue<bool>());
            Assert.Null(info["sshHostKeyFingerprint"]);
            Assert.False((await (await fx.Admin.PostAsync($"/api/v1/environments/{name}/test", null, ct)).Content.ReadFromJsonAsync<EnvironmentProbe>(ct))!.Reachable);
            Assert.Null((await fx.Factory.Services.GetRequiredService<EndpointStore>().FindAsync(name, ct))!.SshHostKeyFingerprint);

            var fingerprint = "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData([1, 2, 3])).TrimEnd('=');
            var pinned = await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{name}", new { sshHostKeyFingerprint = fingerprint }, ct);
            var pinnedText = await pinned.Content.ReadAsStringAsync(ct);
            Assert.True(pinned.IsSuccessStatusCode, pinnedText);
            Assert.Equal(fingerprint, JsonNode.Parse(pinnedText)!["sshHostKeyFingerprint"]!.GetValue<string>());
            Assert.True(JsonNode.Parse(pinnedText)!["hasSshKey"]!.GetValue<bool>());

            var audit = await fx.Admin.GetStringAsync($"/api/v1/admin/audit?object={name}&take=100", ct);
            foreach (var text in new[] { createdText, pinnedText, audit, await fx.Admin.GetStringAsync($"/api/v1/environments/{name}", ct), await fx.Admin.GetStringAsync("/api/v1/environments", ct) })
            {
                Assert.DoesNotContain(body[..40], text, StringComparison.Ordinal);
                Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await fx.Admin.DeleteAsync($"/api/v1/environments/{name}", CancellationToken.None)).StatusCode);
        }
    }

    [Fact]
    public async Task InvalidDefinitions_Are400ProblemsAndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "envbad-" + TestNames.Token()[..8];
        var pem = TestPem.Create();
        var other = TestPem.Create();
        var tcp = $"tcp://127.0.0.1:{FreePorts.Next()}";
        var before = await fx.Admin.GetStringAsync("/api/v1/environments", ct);
        object[] bodies =
        [
            new { name, kind = "docker", uri = engine.Endpoint.ToString() },
            new { name, kind = "socket", uri = "tcp://127.0.0.1:2375" },
            new { name, kind = "socket", uri = "unix://relative.sock" },
            new { name, kind = "tcp+tls", uri = "tcp://127.0.0.1", tlsCa = pem.Ca, tlsCert = pem.Cert, tlsKey = pem.Key },
            new { name, kind = "ssh", uri = "ssh://host:22", sshKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----" },
            new { name, kind = "tcp+tls", uri = tcp, tlsCa = pem.Ca, tlsCert = pem.Cert },
            new { name, kind = "tcp+tls", uri = tcp, tlsCa = "not a certificate", tlsCert = pem.Cert, tlsKey = pem.Key },
            new { name, kind = "tcp+tls", uri = tcp, tlsCa = pem.Ca, tlsCert = pem.Cert, tlsKey = other.Key },
            new { name, kind = "ssh", uri = "ssh://root@127.0.0.1" },
            new { name, kind = "ssh", uri = "ssh://root@127.0.0.1", sshKey = "hunter2" },
            new { name = "Bad_Name", kind = "socket", uri = engine.Endpoint.ToString() },
            new { name, kind = "socket", uri = engine.Endpoint.ToString(), labels = new[] { "Prod" } },
        ];

        foreach (var body in bodies)
        {
            var response = await fx.Admin.PostAsJsonAsync("/api/v1/environments", body, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{JsonContent.Create(body).Value}: {response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(string.IsNullOrEmpty(JsonNode.Parse(text)!["detail"]?.GetValue<string>()));
        }

        Assert.Equal(before, await fx.Admin.GetStringAsync("/api/v1/environments", ct));
        Assert.False(Engines.TryGet(name, out _));

        // The configured engine: neither re-pointed, renamed nor deleted; non-admins change nothing.
        var local = Engines.Local.Name;
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{local}", new { name = "elsewhere" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{local}", new { uri = engine.Endpoint.ToString() }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await fx.Admin.DeleteAsync($"/api/v1/environments/{local}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/environments", new { name, kind = "socket", uri = engine.Endpoint.ToString() }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{local}/grants/{fx.TeamA}", new { role = "Admin" }, ct)).StatusCode);
        Assert.Equal(before, await fx.Admin.GetStringAsync("/api/v1/environments", ct));
        Assert.True(Engines.Local.Status.IsConnected);

        // Its description and labels may change, without a reconnect.
        var connection = Engines.Local.Connection;
        var described = await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{local}", new { name = local, kind = "socket", description = "this host", labels = new[] { "home" } }, ct);
        Assert.True(described.IsSuccessStatusCode, await described.Content.ReadAsStringAsync(ct));
        Assert.Equal("this host", (await described.Content.ReadFromJsonAsync<JsonObject>(ct))!["description"]!.GetValue<string>());
        Assert.Same(connection, Engines.Get(local).Connection);
        var cleared = await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{local}", new { description = "", labels = Array.Empty<string>() }, ct);
        var restored = (await cleared.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        Assert.Null(restored["description"]);
        Assert.Empty(restored["labels"]!.AsArray());
    }

    [Fact]
    public async Task Delete_RefusedWhileStacksAreRecorded_NamingThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "envstk-" + TestNames.Token()[..8];
        var created = await fx.Admin.PostAsJsonAsync("/api/v1/environments", new { name, kind = "socket", uri = engine.Endpoint.ToString() }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<int>();
        var stacks = fx.Factory.Services.GetRequiredService<StackStore>();
        var stack = await stacks.CreateAsync(new Stack { EndpointId = id, Name = name + "-app", CreatedBy = "test" }, null, ct);

        var refused = await fx.Admin.DeleteAsync($"/api/v1/environments/{name}", ct);
        var text = await refused.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(name + "-app", text, StringComparison.Ordinal);
        Assert.True(Engines.TryGet(name, out _));
        await stacks.DeleteAsync(stack!.Id, ct);
        Assert.Equal(HttpStatusCode.NoContent, (await fx.Admin.DeleteAsync($"/api/v1/environments/{name}", ct)).StatusCode);
    }

    [Fact]
    public async Task StoredEnvironment_IsLoadedIntoEnginesAtStart()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "envload-" + TestNames.Token()[..8];
        var row = new EngineEndpoint { Name = name, Kind = EnvironmentKind.Socket, Uri = engine.Endpoint.ToString() };
        Assert.True(await fx.Factory.Services.GetRequiredService<EndpointStore>().AddAsync(row, ct));
        Assert.False(Engines.TryGet(name, out _));
        try
        {
            // What Portal runs at start, before it answers requests.
            await fx.Factory.Services.GetServices<IHostedService>().OfType<StoredEnvironments>().Single().StartAsync(ct);

            await Poll.UntilAsync(_ => Task.FromResult(Engines.TryGet(name, out var e) && e.Id == row.Id && e.Status.IsConnected), "the stored environment to connect", ct, TimeSpan.FromSeconds(30));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await fx.Admin.DeleteAsync($"/api/v1/environments/{name}", CancellationToken.None)).StatusCode);
        }
    }

    [Fact]
    public async Task OpenApi_DocumentsTheEnvironmentRoutes_UnderTheirTag()
    {
        var ct = TestContext.Current.CancellationToken;

        var paths = JsonNode.Parse(await fx.Factory.CreateClient().GetStringAsync("/openapi/v1.json", ct))!["paths"]!.AsObject();

        foreach (var path in new[] { "/api/v1/environments", "/api/v1/environments/test", "/api/v1/environments/{env}", "/api/v1/environments/{env}/test", "/api/v1/environments/{env}/grants", "/api/v1/environments/{env}/grants/{team}" })
        {
            var operations = paths[path]?.AsObject();
            Assert.True(operations is not null, $"{path} is not documented");
            Assert.All(operations, o => Assert.Equal("Environments", o.Value!["tags"]![0]!.GetValue<string>()));
        }
    }

    /// <summary>An environment not granted answers exactly like one that does not exist.</summary>
    private static async Task AssertSameNotFoundAsync(HttpClient client, string name, CancellationToken ct)
    {
        var hidden = await client.GetAsync($"/api/v1/environments/{name}", ct);
        var missing = await client.GetAsync($"/api/v1/environments/{name}x", ct);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var hiddenProblem = JsonNode.Parse(await hidden.Content.ReadAsStringAsync(ct))!;
        var missingProblem = JsonNode.Parse(await missing.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(missingProblem["title"]!.GetValue<string>(), hiddenProblem["title"]!.GetValue<string>());
        Assert.Equal(missingProblem["detail"]!.GetValue<string>().Replace(name + "x", name, StringComparison.Ordinal), hiddenProblem["detail"]!.GetValue<string>());
    }
}
