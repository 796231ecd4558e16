using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// Every count, total and flag team B reads is computed over what team B may see: team A running a
/// container on the shared, unowned test image and on <c>bridge</c> changes none of them.
/// </summary>
public sealed class NoLeakCountsTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    // Host gauges move with anything on the machine; they are not counts of anyone's objects.
    private static readonly HashSet<string> s_gauges = new(StringComparer.Ordinal) { "memoryAvailable", "diskFree" };

    [Fact]
    public async Task TeamBCountsTotalsAndFlags_SameBeforeAndAfterTeamARunsOnSharedImageAndBridge()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await SnapshotAsync(fx.AsOperatorB, ct);

        var alpha = "leak-count-" + TestNames.Token();
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", PolicyApiClient.Sleeper(fx, alpha, fx.TeamA), ct);
        Assert.True(run.StatusCode == HttpStatusCode.Created, await run.Content.ReadAsStringAsync(ct));
        // Team A's own view shows the image in use once the catalog has the container: from then on it is countable.
        await Poll.UntilAsync(async c => (await ImageRowAsync(fx.AsOperatorA, c)).GetProperty("inUse").GetBoolean(), "team A's container in the catalog", ct);
        var after = await SnapshotAsync(fx.AsOperatorB, ct);

        var changed = before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k}: {before.GetValueOrDefault(k) ?? "(none)"} -> {after.GetValueOrDefault(k) ?? "(none)"}").ToList();
        Assert.True(changed.Count == 0, "team B's view changed when team A acted:\n" + string.Join('\n', changed));
        // And they are team B's own numbers, not everyone's: team B runs nothing.
        Assert.Equal("0", after["images?inUse=true X-Total-Count"]);
        Assert.Equal("False", after[$"images?q={fx.Daemon.Image}[0].inUse"]);
        Assert.Equal("0", after["networks[bridge].containers"]);
        Assert.Equal("0", after["networks/bridge.summary.containers"]);
        Assert.Equal("0", after["system/overview.running"]);
        var admin = await fx.Admin.GetFromJsonAsync<JsonElement>("/api/v1/networks/bridge", PolicyApiClient.Json, ct);
        Assert.Contains(admin.GetProperty("members").EnumerateArray(), m => m.GetProperty("name").GetString() == alpha);
    }

    private async Task<JsonElement> ImageRowAsync(HttpClient client, CancellationToken ct)
    {
        var rows = await client.GetFromJsonAsync<JsonElement>($"/api/v1/images?q={Uri.EscapeDataString(fx.Daemon.Image)}", PolicyApiClient.Json, ct);
        return rows.EnumerateArray().Single();
    }

    /// <summary>Every number and boolean (and list length) of team B's reads, keyed by where it was read.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync(HttpClient client, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        // Unowned images come and go with other tests; the test image's row and the in-use list are team B's alone to change.
        foreach (var url in new[] { "images?inUse=true", $"images?q={fx.Daemon.Image}", $"images?inUse=false&q={fx.Daemon.Image}",
            "networks/bridge", "volumes", "stacks", "containers?all=true", "system/overview", "system/df" })
        {
            using var response = await client.GetAsync("/api/v1/" + url.Replace(fx.Daemon.Image, Uri.EscapeDataString(fx.Daemon.Image), StringComparison.Ordinal), ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            if (response.Headers.TryGetValues("X-Total-Count", out var total))
            {
                values[$"{url} X-Total-Count"] = total.Single();
            }

            Flatten(url, JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(ct)), values);
        }

        // The list holds every shared network other tests make; bridge's row is the one team A touched.
        var networks = await client.GetFromJsonAsync<JsonElement>("/api/v1/networks", PolicyApiClient.Json, ct);
        Flatten("networks[bridge]", networks.EnumerateArray().Single(n => n.GetProperty("name").GetString() == "bridge"), values);
        return values;
    }

    private static void Flatten(string path, JsonElement element, Dictionary<string, string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject().Where(p => !s_gauges.Contains(p.Name)))
                {
                    Flatten($"{path}.{property.Name}", property.Value, values);
                }

                break;
            case JsonValueKind.Array:
                values[$"{path}.length"] = element.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture);
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten($"{path}[{i++}]", item, values);
                }

                break;
            case JsonValueKind.Number:
                values[path] = element.GetRawText();
                break;
            case JsonValueKind.True or JsonValueKind.False:
                values[path] = element.GetBoolean().ToString();
                break;
            default:
                // Names, ids and times are not counts.
                break;
        }
    }
}
