using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// The resource API under <c>/api/v1/environments/{env}</c> against a second real engine (the run's
/// namespaced <c>dockerd</c>) added while Portal runs and granted to team A only: team A works there and
/// nothing of it shows on the local environment; team B finds nothing there, exactly as if the
/// environment did not exist; a Viewer grant caps team A's operator; hubs follow the named engine.
/// </summary>
[Collection(NetnsEngineCollection.Name)]
public sealed class EnvironmentRoutesTests(NetnsEngineFixture netns, ApiFixture fx) : IClassFixture<ApiFixture>
{
    private string Environment => "netns-" + fx.Suffix;

    private string Prefix => $"/api/v1/environments/{Environment}";

    [Fact]
    public async Task GrantedOperator_RunsListsReadsLogsAndStops_OnThatEngineOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await SecondEnvironmentAsync(ct);
        var name = "envr-" + TestNames.Token();
        await RunThereAsync(name, ["sh", "-c", $"echo hello-{name}; sleep 120"], ct);
        try
        {
            // It runs on the second engine, and nowhere on the host's.
            var inspect = await netns.Client.Containers.InspectContainerAsync(name, ct);
            Assert.True(inspect.State!.Running);
            Assert.Empty(await fx.Daemon.FindSessionContainersAsync(name, ct));

            Assert.Contains(name, await NamesAsync(fx.AsOperatorA, $"{Prefix}/containers?all=true", ct));
            Assert.DoesNotContain(name, await NamesAsync(fx.AsOperatorA, "/api/v1/containers?all=true", ct));
            Assert.DoesNotContain(name, await NamesAsync(fx.Admin, "/api/v1/containers?all=true", ct));
            Assert.DoesNotContain(name, await NamesAsync(fx.Admin, "/api/v1/environments/local/containers?all=true", ct));
            Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorA.GetAsync($"/api/v1/containers/{name}", ct)).StatusCode);

            var details = await fx.AsOperatorA.GetFromJsonAsync<JsonElement>($"{Prefix}/containers/{name}", ct);
            Assert.Contains($"\"team\":\"{fx.TeamA}\"", details.GetRawText(), StringComparison.Ordinal);
            var logs = await Poll.UntilAsync(async t =>
            {
                var text = await fx.AsOperatorA.GetStringAsync($"{Prefix}/containers/{name}/logs", t);
                return text.Contains($"hello-{name}", StringComparison.Ordinal) ? text : null;
            }, "the container's first log line through the environment's route", ct, TimeSpan.FromSeconds(20));
            Assert.NotNull(logs);
            var download = await fx.AsOperatorA.GetStringAsync($"{Prefix}/containers/{inspect.ID}/logs/download", ct);
            Assert.Contains($"hello-{name}", download, StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.NoContent, (await fx.AsOperatorA.PostAsync($"{Prefix}/containers/{name}/stop?t=1", null, ct)).StatusCode);
            Assert.False((await netns.Client.Containers.InspectContainerAsync(name, ct)).State!.Running);

            // The audit entry names the environment the request addressed.
            var audit = await fx.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?object={name}", ct);
            Assert.Contains(Environment, audit.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            await RemoveThereAsync(name);
        }
    }

    [Fact]
    public async Task UngrantedTeam_EverythingOnTheEnvironmentIsNotFound_LikeAnUnknownOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await SecondEnvironmentAsync(ct);
        var name = "envr-b-" + TestNames.Token();
        var id = await RunThereAsync(name, ["sleep", "120"], ct);
        try
        {
            var unknown = "no-such-env-" + fx.Suffix;
            var b = fx.AsOperatorB;
            string[] reads =
            [
                "/containers", "/containers?all=true", $"/containers/{name}", $"/containers/{id}", $"/containers/{name}/logs",
                $"/containers/{name}/stats", $"/containers/{name}/stats/history", "/networks", "/volumes", "/stacks", "/images", "/jobs", "/system/df", "/stats",
            ];
            foreach (var path in reads)
            {
                await AssertNotFoundLikeUnknownAsync(() => b.GetAsync(Prefix + path, ct), () => b.GetAsync($"/api/v1/environments/{unknown}{path}", ct), path, unknown, ct);
            }

            await AssertNotFoundLikeUnknownAsync(
                () => b.PostAsJsonAsync($"{Prefix}/containers/{name}/exec", new { command = "true" }, ct),
                () => b.PostAsJsonAsync($"/api/v1/environments/{unknown}/containers/{name}/exec", new { command = "true" }, ct), "exec", unknown, ct);
            await AssertNotFoundLikeUnknownAsync(
                () => b.PostAsJsonAsync($"{Prefix}/containers", new { image = netns.Image, labels = fx.Labels }, ct),
                () => b.PostAsJsonAsync($"/api/v1/environments/{unknown}/containers", new { image = netns.Image, labels = fx.Labels }, ct), "run", unknown, ct);
            Assert.True((await netns.Client.Containers.InspectContainerAsync(name, ct)).State!.Running);

            // The routes without the prefix still answer team B, on the local environment.
            Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/v1/containers", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/v1/environments/local/containers", ct)).StatusCode);

            // The hubs too: naming the environment reads like naming an unknown one.
            await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/logs", TestHubClient.TokenOf(b), ct);
            var hidden = await Assert.ThrowsAsync<HubException>(() => FirstBatchAsync(hub, Environment, name, ct));
            var missing = await Assert.ThrowsAsync<HubException>(() => FirstBatchAsync(hub, unknown, name, ct));
            Assert.Equal(missing.Message.Replace(unknown, "<env>", StringComparison.Ordinal), hidden.Message.Replace(Environment, "<env>", StringComparison.Ordinal));
            Assert.Contains($"No environment named '{Environment}' was found", hidden.Message, StringComparison.Ordinal);
        }
        finally
        {
            await RemoveThereAsync(name);
        }
    }

    [Fact]
    public async Task ViewerGrant_CapsTheOperator_ReadsStillWork()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await SecondEnvironmentAsync(ct);
        var grants = fx.Factory.Services.GetRequiredService<EnvironmentGrantStore>();
        var name = "envr-v-" + TestNames.Token();
        await RunThereAsync(name, ["sleep", "120"], ct);
        try
        {
            Assert.True(await grants.SetAsync(fx.TeamA, id, TeamRole.Viewer, ct));
            var denied = await fx.AsOperatorA.PostAsJsonAsync($"{Prefix}/containers", new { image = netns.Image, labels = fx.Labels }, ct);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.PostAsync($"{Prefix}/containers/{name}/stop?t=1", null, ct)).StatusCode);
            Assert.True((await netns.Client.Containers.InspectContainerAsync(name, ct)).State!.Running);
            Assert.Contains(name, await NamesAsync(fx.AsOperatorA, $"{Prefix}/containers", ct));
            // The cap is this environment's: locally the same operator still operates.
            Assert.Equal(HttpStatusCode.OK, (await fx.AsOperatorA.GetAsync("/api/v1/containers", ct)).StatusCode);
        }
        finally
        {
            await grants.SetAsync(fx.TeamA, id, TeamRole.Operator, CancellationToken.None);
            await netns.Client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    [Fact]
    public async Task LogsHub_NamingTheEnvironment_StreamsThatEnginesLogs()
    {
        var ct = TestContext.Current.CancellationToken;
        await SecondEnvironmentAsync(ct);
        var name = "envr-h-" + TestNames.Token();
        await netns.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = netns.Image,
            Name = name,
            Cmd = ["sh", "-c", $"echo there-{name}; sleep 120"],
            Labels = new Dictionary<string, string>(fx.Labels) { ["io.portal.team"] = fx.TeamA },
        }, ct);
        try
        {
            await netns.Client.Containers.StartContainerAsync(name, new ContainerStartParameters(), ct);
            await Poll.UntilAsync(async t => (await fx.AsOperatorA.GetAsync($"{Prefix}/containers/{name}", t)).IsSuccessStatusCode,
                "the environment's catalog to list the container", ct, TimeSpan.FromSeconds(20));

            await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/logs", TestHubClient.TokenOf(fx.AsOperatorA), ct);
            using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
            window.CancelAfter(TimeSpan.FromSeconds(30));
            var seen = "";
            await foreach (var batch in hub.StreamAsync<JsonElement>("FollowIn", Environment, name, 10, window.Token))
            {
                seen += batch.GetRawText();
                if (seen.Contains($"there-{name}", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.Contains($"there-{name}", seen, StringComparison.Ordinal);
            // The same call without the environment is on the local engine, where the container does not exist.
            var local = await Assert.ThrowsAsync<HubException>(async () =>
            {
                await foreach (var unused in hub.StreamAsync<JsonElement>("Follow", name, 10, window.Token))
                {
                }
            });
            Assert.Contains($"No container named '{name}' was found", local.Message, StringComparison.Ordinal);
        }
        finally
        {
            await RemoveThereAsync(name);
        }
    }

    [Fact]
    public async Task ExecHub_NamingTheEnvironment_RunsOnThatEngine()
    {
        var ct = TestContext.Current.CancellationToken;
        await SecondEnvironmentAsync(ct);
        var name = "envr-x-" + TestNames.Token();
        await RunThereAsync(name, ["sleep", "120"], ct);
        try
        {
            await using var exec = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorA, ct);
            var session = await exec.InvokeAsync<string>("StartSession", new Portal.Web.Hubs.ExecStartRequest
            {
                Environment = Environment,
                Container = name,
                // Lives a moment: a process that ends before the session's first resize makes StartSession fail (engine: "cannot resize a stopped container").
                Command = ["sh", "-c", "echo on-$(hostname); sleep 1"],
            }, ct);
            var output = "";
            await foreach (var frame in exec.StreamAsync<JsonElement>("Output", session, ct))
            {
                output += frame.GetRawText();
            }

            var host = (await netns.Client.Containers.InspectContainerAsync(name, ct)).Config!.Hostname;
            Assert.Contains($"on-{host}", output, StringComparison.Ordinal);
            var local = await Assert.ThrowsAsync<HubException>(() => exec.InvokeAsync<string>("StartSession", new Portal.Web.Hubs.ExecStartRequest { Container = name, Command = ["true"] }, ct));
            Assert.Contains($"No container named '{name}' was found", local.Message, StringComparison.Ordinal);
        }
        finally
        {
            await RemoveThereAsync(name);
        }
    }

    [Fact]
    public async Task OpenApi_DocumentsBothForms()
    {
        var ct = TestContext.Current.CancellationToken;
        var doc = await fx.Factory.CreateClient().GetStringAsync("/openapi/v1.json", ct);

        Assert.Contains("\"/api/v1/containers/{idOrName}/logs\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/environments/{env}/containers/{idOrName}/logs\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/environments/{env}/stacks/{name}/up\"", doc, StringComparison.Ordinal);
        // Portal-wide routes exist once.
        Assert.DoesNotContain("/api/v1/environments/{env}/users", doc, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/v1/environments/{env}/tokens", doc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewTeam_IsGrantedLocal_WithoutItsMembersSeeNothingAndCreateNothingThere()
    {
        var ct = TestContext.Current.CancellationToken;
        var services = fx.Factory.Services;
        var local = services.GetRequiredService<Engines>().Local;
        var team = "team-c-" + TestNames.Token()[..8];
        (await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        var grants = services.GetRequiredService<EnvironmentGrantStore>();
        Assert.Equal(TeamRole.Operator, (await grants.ForTeamsAsync([team], ct))[team][local.Id]);

        var user = "op-c-" + TestNames.Token()[..8];
        await fx.CreateUserAsync(user, "Operator", team, ct);
        using var member = await fx.Factory.ClientForAsync(user, ApiFixture.Password, ct);
        Assert.True(await grants.RemoveAsync(team, local.Id, ct));

        var list = await member.GetAsync("/api/v1/containers", ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/v1/containers", new { image = fx.Daemon.Image, labels = fx.Labels }, ct)).StatusCode);
        Assert.Empty(await fx.Daemon.FindSessionContainersAsync(user, ct));
    }

    /// <summary>Team A's operator runs a container on the second environment through its route; its id.</summary>
    private async Task<string> RunThereAsync(string name, string[] command, CancellationToken ct)
    {
        var run = await fx.AsOperatorA.PostAsJsonAsync($"{Prefix}/containers", new { image = netns.Image, name, command, labels = fx.Labels }, ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        var id = (await run.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        // The Location leads back under the environment's prefix.
        Assert.Equal($"{Prefix}/containers/{id}", run.Headers.Location?.OriginalString);
        return id;
    }

    private Task RemoveThereAsync(string name) =>
        netns.Client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, CancellationToken.None);

    /// <summary>The second engine as an environment of this fixture's Portal, granted to team A as operators; its row id.</summary>
    private async Task<int> SecondEnvironmentAsync(CancellationToken ct)
    {
        await netns.StartAsync(ct);
        var services = fx.Factory.Services;
        var engines = services.GetRequiredService<Engines>();
        if (!engines.TryGet(Environment, out var engine))
        {
            var id = await services.GetRequiredService<EndpointStore>().EnsureAsync(Environment, netns.Endpoint.ToString(), ct);
            Assert.True(await services.GetRequiredService<EnvironmentGrantStore>().SetAsync(fx.TeamA, id, TeamRole.Operator, ct));
            engine = engines.Add(new EngineEnvironment(id, Environment), new EngineConnection(
                new EnvironmentDefinition(Environment, EnvironmentKind.Socket, netns.Endpoint.ToString()), TimeSpan.FromSeconds(100), TimeProvider.System, NullLogger<EngineConnection>.Instance));
        }

        await Poll.UntilAsync(_ => Task.FromResult(engine.Status.IsConnected), "the second environment to connect", ct, TimeSpan.FromSeconds(30));
        return engine.Id;
    }

    private static async Task AssertNotFoundLikeUnknownAsync(Func<Task<HttpResponseMessage>> hidden, Func<Task<HttpResponseMessage>> unknown, string what, string unknownName, CancellationToken ct)
    {
        using var real = await hidden();
        using var ghost = await unknown();
        Assert.True(real.StatusCode == HttpStatusCode.NotFound, $"{what}: expected 404, got {(int)real.StatusCode} {await real.Content.ReadAsStringAsync(ct)}");
        Assert.Equal("application/problem+json", real.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ghost.StatusCode, real.StatusCode);
        var realBody = (await real.Content.ReadAsStringAsync(ct)).Replace("netns-", "<env>-", StringComparison.Ordinal);
        var ghostBody = (await ghost.Content.ReadAsStringAsync(ct)).Replace(unknownName, "<env>-" + unknownName["no-such-env-".Length..], StringComparison.Ordinal);
        Assert.Equal(Shape(ghostBody), Shape(realBody));
    }

    /// <summary>The problem's title and detail (traceIds differ per request).</summary>
    private static string Shape(string body)
    {
        using var doc = JsonDocument.Parse(body);
        return $"{doc.RootElement.GetProperty("title").GetString()} | {doc.RootElement.GetProperty("detail").GetString()}";
    }

    private static async Task FirstBatchAsync(HubConnection hub, string environment, string container, CancellationToken ct)
    {
        await foreach (var unused in hub.StreamAsync<JsonElement>("FollowIn", environment, container, 10, ct))
        {
            return;
        }
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, string url, CancellationToken ct) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(url, ct)).EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
}
