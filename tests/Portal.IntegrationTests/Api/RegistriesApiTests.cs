using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;
using Microsoft.Data.Sqlite;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Labels;
using Portal.Engine.Registries;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>Stored registries and push over the REST API, against the loopback test registry.</summary>
public sealed class RegistriesApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Registry_SecretIsEncryptedAtRest_NeverReturned_AndHiddenFromOtherTeams()
    {
        var ct = TestContext.Current.CancellationToken;
        var secret = "s3cret-" + TestNames.Token();

        var created = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/registries",
            new { name = "reg-" + TestNames.Token(), url = TestRegistry.Address, userName = "alice", secret, team = fx.TeamA }, ct);
        var createdText = await created.Content.ReadAsStringAsync(ct);
        var registry = JsonSerializer.Deserialize<RegistryInfo>(createdText, s_json)!;
        var listText = await fx.AsOperatorA.GetStringAsync("/api/v1/registries", ct);
        var stored = await ReadSecretColumnAsync(registry.Id, ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(registry.HasSecret);
        Assert.Equal(TestRegistry.Address, registry.Host);
        Assert.DoesNotContain(secret, createdText, StringComparison.Ordinal);
        Assert.Contains(registry.Name, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);

        // Team B's operator: the registry does not exist for them.
        Assert.DoesNotContain(registry.Name, await fx.AsOperatorB.GetStringAsync("/api/v1/registries", ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.PostAsync($"/api/v1/registries/{registry.Id}/test", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.DeleteAsync($"/api/v1/registries/{registry.Id}", ct)).StatusCode);
        // Registries for everyone are the admins' to add.
        var everyone = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/registries", new { name = "reg-" + TestNames.Token(), url = TestRegistry.Address }, ct);
        Assert.Equal(HttpStatusCode.Forbidden, everyone.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await fx.AsOperatorA.DeleteAsync($"/api/v1/registries/{registry.Id}", ct)).StatusCode);
    }

    [Fact]
    public async Task TestConnection_SaysOkOrUnreachable()
    {
        var ct = TestContext.Current.CancellationToken;
        var ok = await CreateAsync(fx.Admin, TestRegistry.Address, null, ct);
        var closed = await CreateAsync(fx.Admin, $"127.0.0.1:{FreePorts.Next()}", null, ct);

        var okResult = await (await fx.Admin.PostAsync($"/api/v1/registries/{ok.Id}/test", null, ct)).Content.ReadFromJsonAsync<RegistryTestResult>(s_json, ct);
        var closedResult = await (await fx.Admin.PostAsync($"/api/v1/registries/{closed.Id}/test", null, ct)).Content.ReadFromJsonAsync<RegistryTestResult>(s_json, ct);

        Assert.True(okResult!.Ok, okResult.Message);
        Assert.Equal("ok", okResult.Status);
        Assert.False(closedResult!.Ok);
        Assert.Equal("unreachable", closedResult.Status);
        Assert.Contains("unreachable", closedResult.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_TeamImage_ThenRemovedLocally_PullsBackAndRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = TestNames.Token();
        var local = $"portal-test-img/{token}";
        var id = await fx.Daemon.CreateAsync(local, "v1", ct, new Dictionary<string, string> { [PortalLabels.Team] = fx.TeamA }, run: ["sh", "-c", "echo pushed > /payload"]);
        var registry = await CreateAsync(fx.AsOperatorA, TestRegistry.Address, fx.TeamA, ct);

        // Team B may neither push team A's image nor use team A's registry.
        var foreign = await fx.AsOperatorB.PostAsJsonAsync($"/api/v1/images/{local}:v1/push", new { target = $"{TestRegistry.Address}/portal-test-img/{token}-b:v1" }, ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        var start = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/images/{local}:v1/push", new { registryId = registry.Id, target = $"portal-test-img/{token}:v1" }, ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var pushed = await FollowAsync(fx.AsOperatorA, (await start.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct))!.Id, ct);
        Assert.True(pushed.State == ImageJobState.Succeeded, pushed.Error);
        Assert.Equal("push", pushed.Kind);
        Assert.Equal($"{TestRegistry.Address}/portal-test-img/{token}:v1", pushed.Reference);
        Assert.NotEmpty(pushed.Layers);
        Assert.All(pushed.Layers, l => Assert.True(l.Done, $"{l.Id}: {l.Status}"));

        await fx.Daemon.Client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, ct);
        var pull = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference = pushed.Reference }, ct);
        var pulled = await FollowAsync(fx.AsOperatorA, (await pull.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct))!.Id, ct);
        Assert.True(pulled.State == ImageJobState.Succeeded, pulled.Error);

        var run = await fx.Daemon.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = pushed.Reference,
            Cmd = ["cat", "/payload"],
            Labels = fx.Labels,
        }, ct);
        await fx.Daemon.Client.Containers.StartContainerAsync(run.ID, new ContainerStartParameters(), ct);
        var exit = await fx.Daemon.Client.Containers.WaitContainerAsync(run.ID, ct);
        Assert.Equal(0, exit.StatusCode);
    }

    private async Task<RegistryInfo> CreateAsync(HttpClient client, string url, string? team, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync("/api/v1/registries", new { name = "reg-" + TestNames.Token(), url, team }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RegistryInfo>(s_json, ct))!;
    }

    private static async Task<ImageJobSnapshot> FollowAsync(HttpClient client, string jobId, CancellationToken ct)
    {
        using var events = await client.GetAsync($"/api/v1/jobs/{jobId}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        ImageJobSnapshot? last = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            last = JsonSerializer.Deserialize<ImageJobSnapshot>(line, s_json);
        }

        return last ?? throw new InvalidOperationException("The job stream was empty.");
    }

    /// <summary>The secret column as SQLite holds it, bypassing Portal.</summary>
    private async Task<string?> ReadSecretColumnAsync(int id, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(fx.Factory.DataFolder, "portal.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT SecretCipher FROM Registries WHERE Id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(ct) as string;
    }
}
