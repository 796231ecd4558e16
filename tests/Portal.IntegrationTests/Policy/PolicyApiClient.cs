using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Policy;

/// <summary>What the policy and quota suites share: runs through REST and the engine's view of this session's objects.</summary>
internal static class PolicyApiClient
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>A run body for the test image that idles, carrying the session label, with extra fields merged in.</summary>
    public static Dictionary<string, object?> Sleeper(ApiFixture fx, string name, string? team = null) => new()
    {
        ["image"] = fx.Daemon.Image,
        ["name"] = name,
        ["command"] = new[] { "sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait" },
        ["labels"] = fx.Labels,
        ["team"] = team ?? fx.TeamA,
    };

    /// <summary>Ids of every container and volume this session has on the engine, to prove a refusal created nothing.</summary>
    public static async Task<IReadOnlyList<string>> SessionObjectsAsync(ApiFixture fx, CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{TestLabels.Session}={fx.Daemon.SessionId}"] = true } };
        var containers = await fx.Daemon.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct);
        var volumes = await fx.Daemon.Client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct);
        return containers.Select(c => "container " + c.ID).Concat((volumes.Volumes ?? []).Select(v => "volume " + v.Name)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Asserts a 403 problem naming <paramref name="rule"/> and returns its detail.</summary>
    public static async Task<string> AssertRefusedAsync(HttpResponseMessage response, string rule, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(rule, doc.RootElement.GetProperty("rule").GetString());
        var detail = doc.RootElement.GetProperty("detail").GetString()!;
        Assert.True(detail.Contains($"'{rule}'", StringComparison.Ordinal), detail);
        return detail;
    }

    public static async Task PutPolicyAsync(ApiFixture fx, object settings, CancellationToken ct)
    {
        var response = await fx.Admin.PutAsJsonAsync("/api/v1/settings/policy", settings, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
