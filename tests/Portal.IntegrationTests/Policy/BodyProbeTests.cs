using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// The permission matrix's paths are one door; request bodies are the other. Team B's operator names
/// team A's objects inside bodies — the image to run or build from, a network to join, a container
/// whose namespaces or volumes to share, a registry to push with, a stack's external network or
/// volume — and every answer must read exactly like the same request naming an object that does not
/// exist (status and detail, the name aside), and nothing may be created.
/// </summary>
public sealed class BodyProbeTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TeamB_NamingTeamAObjectsInBodies_AnswersAsForMissingOnes_CreatesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = await MatrixWorld.TeamAObjectsAsync(fx, ct);
        var image = await MatrixWorld.BuildImageAsync(fx, fx.AsOperatorA, fx.TeamA, ct);
        var b = fx.AsOperatorB;
        var ownNetwork = "probe-b-net-" + TestNames.Token();
        Assert.True((await b.PostAsJsonAsync("/api/v1/networks", new { name = ownNetwork, labels = fx.Labels, team = fx.TeamB }, ct)).IsSuccessStatusCode);
        var ownImage = await MatrixWorld.BuildImageAsync(fx, b, fx.TeamB, ct);
        var ownStack = "probeb" + TestNames.Token();
        await MatrixWorld.SaveStackAsync(fx, b, ownStack, fx.TeamB, ct);
        var before = await EngineObjectsAsync(ct);
        var shortId = image.Id.Replace("sha256:", "", StringComparison.Ordinal)[..12];
        var probes = new List<Probe>
        {
            new("run: image by tag", image.Repository + ":v1", $"portal-test-img/absent{TestNames.Token()}:v1", r => Run(b, body => body["image"] = r)),
            new("run: image by full id", image.Id, "sha256:" + RandomHex(64), r => Run(b, body => body["image"] = r)),
            new("run: image by short id", shortId, RandomHex(12), r => Run(b, body => body["image"] = r)),
            new("run: network", a.Network, "absent-net-" + TestNames.Token(), r => Run(b, body => body["networks"] = new[] { r })),
            new("run: networkMode container:", a.Container, "absent-" + TestNames.Token(), r => Run(b, body => body["networkMode"] = "container:" + r)),
            new("run: pidMode container:", a.Container, "absent-" + TestNames.Token(), r => Run(b, body => body["pidMode"] = "container:" + r)),
            new("run: ipcMode container:", a.Container, "absent-" + TestNames.Token(), r => Run(b, body => body["ipcMode"] = "container:" + r)),
            new("run: volumesFrom", a.Container, "absent-" + TestNames.Token(), r => Run(b, body => body["volumesFrom"] = new[] { r })),
            new("connect: container", a.Container, "absent-" + TestNames.Token(), r => b.PostAsJsonAsync($"/api/v1/networks/{ownNetwork}/connect", new { container = r }, ct)),
            new("push: registry", a.Registry.ToString(System.Globalization.CultureInfo.InvariantCulture), "987654321",
                r => b.PostAsJsonAsync($"/api/v1/images/{ownImage.Repository}:v1/push", new { registryId = int.Parse(r, System.Globalization.CultureInfo.InvariantCulture), target = "probe/x:1" }, ct)),
            new("build: FROM", image.Repository + ":v1", $"portal-test-img/absent{TestNames.Token()}:v1", r => Build(b, $"FROM {r}\nRUN true\n")),
            new("build: COPY --from", image.Repository + ":v1", $"portal-test-img/absent{TestNames.Token()}:v1", r => Build(b, $"FROM {fx.Daemon.Image}\nCOPY --from={r} /whose /whose\n")),
            new("stack: image, pull_policy never", image.Repository + ":v1", $"portal-test-img/absent{TestNames.Token()}:v1",
                r => Plan(b, ownStack, s => { s["image"] = r; s["pull_policy"] = "never"; })),
            new("stack: external network", a.Network, "absent-net-" + TestNames.Token(), r => Plan(b, ownStack, null, top => Top(top, "networks", r))),
            new("stack: external volume", a.Volume, "absent-vol-" + TestNames.Token(), r => Plan(b, ownStack, s => s["volumes"] = new JsonArray("data:/data"), top => Top(top, "volumes", r))),
            new("stack: network_mode container:", a.Container, "absent-" + TestNames.Token(), r => Plan(b, ownStack, s => s["network_mode"] = "container:" + r)),
            new("stack: volumes_from container:", a.Container, "absent-" + TestNames.Token(), r => Plan(b, ownStack, s => s["volumes_from"] = new JsonArray("container:" + r))),
        };

        var mismatches = new List<string>();
        foreach (var probe in probes)
        {
            var theirs = await AnswerAsync(await probe.Send(probe.Theirs), probe.Theirs, ct);
            var absent = await AnswerAsync(await probe.Send(probe.Absent), probe.Absent, ct);
            if (theirs.Status < 400)
            {
                mismatches.Add($"{probe.What}: naming team A's object succeeded ({theirs.Status}): {theirs.Detail}");
            }
            else if (theirs != absent)
            {
                mismatches.Add($"{probe.What}: team A's object → {theirs.Status} '{theirs.Detail}'; a missing one → {absent.Status} '{absent.Detail}'");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.Equal(before, await EngineObjectsAsync(ct));
    }

    private sealed record Probe(string What, string Theirs, string Absent, Func<string, Task<HttpResponseMessage>> Send);

    /// <summary>The status and the problem's detail (or the job's error) with the name the request gave replaced.</summary>
    private static async Task<(int Status, string Detail)> AnswerAsync(HttpResponseMessage response, string named, CancellationToken ct)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var detail = body;
            try
            {
                using var doc = JsonDocument.Parse(body);
                detail = doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : doc.RootElement.ToString();
            }
            catch (JsonException)
            {
                // Not a problem document: compared as text.
            }

            detail = detail.Replace(named, "<name>", StringComparison.Ordinal);
            return ((int)response.StatusCode, detail.Length > 400 ? detail[..400] + "…" : detail);
        }
    }

    private Task<HttpResponseMessage> Run(HttpClient client, Action<Dictionary<string, object?>> ask)
    {
        var body = PolicyApiClient.Sleeper(fx, "probe-" + TestNames.Token(), fx.TeamB);
        body.Remove("name");
        ask(body);
        return client.PostAsJsonAsync("/api/v1/containers", body, TestContext.Current.CancellationToken);
    }

    private Task<HttpResponseMessage> Build(HttpClient client, string dockerfile)
    {
        var tag = Uri.EscapeDataString($"portal-test-img/probe{TestNames.Token()}:v1");
        var label = Uri.EscapeDataString($"{TestLabels.Session}={fx.Daemon.SessionId}");
        var content = new ByteArrayContent(MatrixWorld.DockerfileTar(dockerfile));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        return client.PostAsync($"/api/v1/images/build?tag={tag}&label={label}&team={fx.TeamB}&follow=true", content, TestContext.Current.CancellationToken);
    }

    /// <summary>Plans unsaved files for team B's own stack; the refusal is the plan's answer.</summary>
    private Task<HttpResponseMessage> Plan(HttpClient client, string stack, Action<JsonObject>? service, Action<JsonObject>? top = null)
    {
        var compose = JsonNode.Parse(MatrixWorld.Compose(fx, stack, service))!.AsObject();
        top?.Invoke(compose);
        return client.PostAsJsonAsync($"/api/v1/stacks/{stack}/plan",
            new { name = stack, files = new[] { new { name = "compose.yaml", content = compose.ToJsonString() } } }, TestContext.Current.CancellationToken);
    }

    /// <summary>Declares <paramref name="name"/> as an external network (used by the service) or volume (mounted as <c>data</c>).</summary>
    private static void Top(JsonObject compose, string kind, string name)
    {
        var key = kind == "networks" ? "outside" : "data";
        compose[kind] = new JsonObject { [key] = new JsonObject { ["external"] = true, ["name"] = name } };
        if (kind == "networks")
        {
            compose["services"]!["app"]!["networks"] = new JsonArray("outside");
        }
    }

    private static string RandomHex(int length) => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length / 2));

    /// <summary>Every container, volume, network and image of this session on the engine.</summary>
    private async Task<IReadOnlyList<string>> EngineObjectsAsync(CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{TestLabels.Session}={fx.Daemon.SessionId}"] = true } };
        var networks = await fx.Daemon.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct);
        var images = await fx.Daemon.Client.Images.ListImagesAsync(new ImagesListParameters { All = true, Filters = filter }, ct);
        return [.. (await PolicyApiClient.SessionObjectsAsync(fx, ct)), .. networks.Select(n => "network " + n.ID).Order(StringComparer.Ordinal),
            .. images.Select(i => "image " + i.ID).Order(StringComparer.Ordinal)];
    }
}
