using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// The admission suite for build: the host's or another container's network for a build is an
/// admin's choice (rule <c>no-host-namespaces</c>); after a refusal no image and no container
/// of the session appeared. The same network mode is admitted for an admin.
/// </summary>
public sealed class BuildAdmissionTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("host")]
    [InlineData("container")]
    public async Task Build_NetworkModeOfHostOrContainer_RefusedForOperator_NothingCreated(string mode)
    {
        var ct = TestContext.Current.CancellationToken;
        var networkMode = mode == "host" ? "host" : "container:" + await StrangerAsync(ct);
        var tag = $"portal-test-img/{TestNames.Token()}:netmode";
        var before = await SessionObjectsAsync(fx, ct);

        var response = await fx.AsOperatorA.PostAsync(Query(tag, networkMode), Context(), ct);

        await AssertRefusedAsync(response, "no-host-namespaces", ct);
        Assert.Equal(before, await SessionObjectsAsync(fx, ct));
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync($"/api/v1/images/{Uri.EscapeDataString(tag)}", ct)).StatusCode);
    }

    [Fact]
    public async Task Build_HostNetworkByAdmin_Admitted()
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = $"portal-test-img/{TestNames.Token()}:adminnet";

        var response = await fx.Admin.PostAsync(Query(tag, "host"), Context(), ct);

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(ct));
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetString();
        using var events = await fx.Admin.GetAsync($"/api/v1/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        var lines = (await events.Content.ReadAsStringAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"state\":\"Succeeded\"", lines[^1], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await fx.Admin.GetAsync($"/api/v1/images/{Uri.EscapeDataString(tag)}", ct)).StatusCode);
    }

    private string Query(string tag, string networkMode) =>
        $"/api/v1/images/build?tag={Uri.EscapeDataString(tag)}&networkMode={Uri.EscapeDataString(networkMode)}&label={Uri.EscapeDataString($"{TestLabels.Session}={fx.Daemon.SessionId}")}";

    private ByteArrayContent Context()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"FROM {fx.Daemon.Image}\nRUN true\n")) });
        }

        var content = new ByteArrayContent(tar.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    /// <summary>A running container of team B's.</summary>
    private async Task<string> StrangerAsync(CancellationToken ct)
    {
        var name = "build-stranger-" + TestNames.Token();
        Assert.Equal(HttpStatusCode.Created, (await fx.AsOperatorB.PostAsJsonAsync("/api/v1/containers", Sleeper(fx, name, fx.TeamB), ct)).StatusCode);
        return name;
    }
}
