using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Registries;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// A registry that demands a login (docker-registry with a bcrypt htpasswd file, started by the
/// test): stored credentials carry push and pull; a wrong password is "unauthorized".
/// </summary>
public sealed class RegistryAuthApiTests(ApiFixture fx) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private HtpasswdRegistry? _registry;

    private HtpasswdRegistry Registry => _registry ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _registry = await HtpasswdRegistry.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task Htpasswd_BuiltImagePushedWithStoredLogin_RemovedLocally_PulledBack_Runs()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = TestNames.Token();
        var registry = await AddRegistryAsync(fx.AsOperatorA, Registry.Password, fx.TeamA, ct);
        var test = await TestConnectionAsync(fx.AsOperatorA, registry.Id, ct);
        Assert.True(test.Ok, test.Message);
        Assert.Equal("ok", test.Status);

        var local = $"portal-test-img/{token}:v1";
        var built = await BuildAsync(local, $"echo htpasswd-{token} > /payload", ct);
        Assert.True(built.State == ImageJobState.Succeeded, built.Error);
        var push = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/images/{local}/push", new { registryId = registry.Id, target = local }, ct);
        var pushed = await FinishAsync(fx.AsOperatorA, push, ct);
        Assert.True(pushed.State == ImageJobState.Succeeded, pushed.Error);

        await fx.Daemon.Client.Images.DeleteImageAsync(built.ImageId!, new ImageDeleteParameters { Force = true }, ct);
        var remote = $"{Registry.Address}/{local}";
        await Assert.ThrowsAnyAsync<Docker.DotNet.DockerApiException>(() => fx.Daemon.Client.Images.InspectImageAsync(remote, ct));
        var pull = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference = remote }, ct);
        var pulled = await FinishAsync(fx.AsOperatorA, pull, ct);
        Assert.True(pulled.State == ImageJobState.Succeeded, pulled.Error);

        Assert.StartsWith("sha256:" + built.ImageId, (await fx.Daemon.Client.Images.InspectImageAsync(remote, ct)).ID, StringComparison.Ordinal);
        Assert.Equal($"htpasswd-{token}\n", await RunAsync(remote, ct));
    }

    [Fact]
    public async Task Htpasswd_WrongPassword_TestSaysUnauthorized_PullFailsUnauthorized()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = await AddRegistryAsync(fx.AsOperatorB, "not-the-password", fx.TeamB, ct);

        var test = await TestConnectionAsync(fx.AsOperatorB, registry.Id, ct);
        var pull = await fx.AsOperatorB.PostAsJsonAsync("/api/v1/images/pull", new { reference = $"{Registry.Address}/portal-test-img/{TestNames.Token()}:v1" }, ct);
        var pulled = await FinishAsync(fx.AsOperatorB, pull, ct);

        Assert.Equal((false, "unauthorized"), (test.Ok, test.Status));
        Assert.Contains("refused the login (HTTP 401)", test.Message, StringComparison.Ordinal);
        Assert.Equal(ImageJobState.Failed, pulled.State);
        Assert.Contains("(unauthorized)", pulled.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameNameSameHost_InTwoTeams_EachPullUsesItsOwnTeamsLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "auth-" + TestNames.Token();
        await AddRegistryAsync(fx.AsOperatorA, Registry.Password, fx.TeamA, ct, name);
        await AddRegistryAsync(fx.AsOperatorB, "not-the-password", fx.TeamB, ct, name);
        var missing = $"{Registry.Address}/portal-test-img/{TestNames.Token()}:v1";

        var pulledByA = await FinishAsync(fx.AsOperatorA, await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference = missing }, ct), ct);
        var pulledByB = await FinishAsync(fx.AsOperatorB, await fx.AsOperatorB.PostAsJsonAsync("/api/v1/images/pull", new { reference = missing }, ct), ct);

        // Team A logs in (the image is simply not there); team B's own wrong login is used, never team A's.
        Assert.Equal((ImageJobState.Failed, ImageJobState.Failed), (pulledByA.State, pulledByB.State));
        Assert.DoesNotContain("unauthorized", pulledByA.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("(unauthorized)", pulledByB.Error, StringComparison.Ordinal);
    }

    private async Task<RegistryInfo> AddRegistryAsync(HttpClient client, string secret, string team, CancellationToken ct, string? name = null)
    {
        var created = await client.PostAsJsonAsync("/api/v1/registries",
            new { name = name ?? "auth-" + TestNames.Token(), url = $"http://{Registry.Address}", userName = Registry.User, secret, team }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<RegistryInfo>(s_json, ct))!;
    }

    private static async Task<RegistryTestResult> TestConnectionAsync(HttpClient client, int id, CancellationToken ct) =>
        (await (await client.PostAsync($"/api/v1/registries/{id}/test", null, ct)).Content.ReadFromJsonAsync<RegistryTestResult>(s_json, ct))!;

    /// <summary>Builds through Portal from a typed Dockerfile; every layer carries the session label so clean-up finds even a failed build's.</summary>
    private async Task<ImageJobSnapshot> BuildAsync(string tag, string run, CancellationToken ct)
    {
        var dockerfile = $"FROM {fx.Daemon.Image}\nLABEL {TestLabels.Session}={fx.Daemon.SessionId}\nRUN {run}\nCMD [\"cat\", \"/payload\"]\n";
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)) });
        }

        var content = new ByteArrayContent(tar.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var start = await fx.AsOperatorA.PostAsync($"/api/v1/images/build?tag={Uri.EscapeDataString(tag)}", content, ct);
        return await FinishAsync(fx.AsOperatorA, start, ct);
    }

    private static async Task<ImageJobSnapshot> FinishAsync(HttpClient client, HttpResponseMessage started, CancellationToken ct)
    {
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync(ct));
        var job = (await started.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct))!;
        return await Poll.UntilAsync(async c => await client.GetFromJsonAsync<ImageJobSnapshot>($"/api/v1/jobs/{job.Id}", s_json, c) is { Finished: true } s ? s : null,
            $"job {job.Id} to finish", ct, TimeSpan.FromSeconds(120));
    }

    private async Task<string> RunAsync(string image, CancellationToken ct)
    {
        var client = fx.Daemon.Client;
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = TestNames.Unique("auth-run"),
            Image = image,
            Labels = fx.Labels,
        }, ct);
        try
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
            await client.Containers.WaitContainerAsync(created.ID, ct);
            using var logs = await client.Containers.GetContainerLogsAsync(created.ID, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, ct);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(ct);
            return stdout + stderr;
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, ct);
        }
    }
}
