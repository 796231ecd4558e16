using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Stacks;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Compose;

/// <summary>Stacks through REST for the admission, quota, pull and bind suites: one-service documents, jobs followed to their end.</summary>
internal static class ComposeApiClient
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A project whose service <c>app</c> idles (session-labelled, like its default network), with <paramref name="extra"/> merged into the service.</summary>
    public static JsonObject OneService(ApiFixture fx, string project, JsonObject? extra = null)
    {
        var labels = new JsonObject { [TestLabels.Session] = fx.Daemon.SessionId };
        var app = new JsonObject
        {
            ["image"] = fx.Daemon.Image,
            ["command"] = new JsonArray("sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"),
            ["labels"] = labels.DeepClone(),
        };
        foreach (var (key, value) in extra ?? [])
        {
            app[key] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["name"] = project,
            ["services"] = new JsonObject { ["app"] = app },
            ["networks"] = new JsonObject { ["default"] = new JsonObject { ["name"] = $"{project}_default", ["labels"] = labels.DeepClone() } },
        };
    }

    public static async Task SaveAsync(HttpClient client, string project, string team, string fileName, string content, CancellationToken ct)
    {
        var created = await client.PostAsJsonAsync("/api/v1/stacks", new { name = project, team, files = new[] { new { name = fileName, content } } }, ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Starts a stack action and follows its NDJSON events to the end; returns the last snapshot.</summary>
    public static async Task<StackJobSnapshot> RunJobAsync(HttpClient client, string url, CancellationToken ct, object? body = null)
    {
        var start = body is null ? await client.PostAsync(url, null, ct) : await client.PostAsJsonAsync(url, body, ct);
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync(ct));
        var job = await start.Content.ReadFromJsonAsync<StackJobSnapshot>(Json, ct);
        using var events = await client.GetAsync($"/api/v1/stacks/jobs/{job!.Id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        StackJobSnapshot? last = null;
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            last = JsonSerializer.Deserialize<StackJobSnapshot>(line, Json);
        }

        Assert.True(last is { Finished: true }, "the job did not finish");
        return last!;
    }

    /// <summary>Containers, networks and volumes carrying the project's compose label.</summary>
    public static async Task<(int Containers, int Networks, int Volumes)> ProjectObjectsAsync(ApiFixture fx, string project, CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true } };
        var containers = await fx.Daemon.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct);
        var networks = await fx.Daemon.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct);
        var volumes = await fx.Daemon.Client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct);
        return (containers.Count, networks.Count, volumes.Volumes?.Count ?? 0);
    }

    public static async Task<IList<ContainerListResponse>> ProjectContainersAsync(ApiFixture fx, string project, CancellationToken ct) =>
        await fx.Daemon.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true } },
        }, ct);

    /// <summary>Down with volumes, ignoring the outcome: the fixture's session clean-up removes what is left.</summary>
    public static async Task DownQuietlyAsync(HttpClient client, string project)
    {
        try
        {
            var started = await client.PostAsync($"/api/v1/stacks/{project}/down?volumes=true", null, CancellationToken.None);
            if (started.StatusCode == HttpStatusCode.Accepted)
            {
                var job = await started.Content.ReadFromJsonAsync<StackJobSnapshot>(Json, CancellationToken.None);
                using var events = await client.GetAsync($"/api/v1/stacks/jobs/{job!.Id}/events", CancellationToken.None);
            }
        }
        catch (HttpRequestException)
        {
            // Best effort.
        }
    }
}
