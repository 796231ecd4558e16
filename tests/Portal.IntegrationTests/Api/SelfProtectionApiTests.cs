using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Model;
using Portal.Engine.Labels;
using Portal.Engine.Resources;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// Portal never takes itself down, whatever the door: a compose project made outside Portal (as the CLI makes
/// it) that holds a container labelled <c>io.portal.self=true</c> cannot be stopped, restarted, taken down,
/// scaled or emptied through the stack routes, nor its network or data volume removed, even by an admin;
/// each answer is 409 naming the rule and nothing was touched.
/// </summary>
public sealed class SelfProtectionApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task StackActions_NetworkAndVolumeRemoval_OnAProjectHoldingPortalsOwnContainer_AreRefusedAndNothingStops()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = "self" + TestNames.Token();
        var (network, volume, self, worker) = await CreateCliProjectAsync(project, ct);
        try
        {
            await Poll.UntilAsync(async c => (await fx.Admin.GetAsync($"/api/v1/stacks/{project}", c)).IsSuccessStatusCode, "the catalog to see the CLI project", ct, TimeSpan.FromSeconds(20));
            var before = await StartedAtAsync([self, worker], ct);

            foreach (var (route, body) in new (string, object?)[]
            {
                ("stop", null), ("restart", null), ("down", null), ("down?volumes=true", null),
                ("scale", new { service = "worker", replicas = 2 }), ("rm", null), ("rm?stop=true", null),
            })
            {
                var response = await fx.Admin.PostAsJsonAsync($"/api/v1/stacks/{project}/{route}", body ?? new { }, ct);
                await AssertRefusedAsync(response, $"POST stacks/{project}/{route}", ct);
            }

            await AssertRefusedAsync(await fx.Admin.DeleteAsync($"/api/v1/networks/{network}", ct), $"DELETE networks/{network}", ct);
            await AssertRefusedAsync(await fx.Admin.DeleteAsync($"/api/v1/volumes/{volume}", ct), $"DELETE volumes/{volume}", ct);
            await AssertRefusedAsync(await fx.Admin.PostAsJsonAsync($"/api/v1/networks/{network}/disconnect", new { container = self, force = true }, ct), "disconnect", ct);
            await AssertRefusedAsync(await fx.Admin.PostAsync($"/api/v1/containers/{self}/stop", null, ct), "POST containers/stop", ct);

            // Nothing was stopped, restarted or removed: both containers run since the same moment, the network and volume are there.
            Assert.Equal(before, await StartedAtAsync([self, worker], ct));
            var inspect = await fx.Daemon.Client.Containers.InspectContainerAsync(self, ct);
            Assert.Contains(network, inspect.NetworkSettings?.Networks?.Keys ?? []);
            Assert.Contains(inspect.Mounts, m => m.Name == volume);
            Assert.Equal(network, (await fx.Daemon.Client.Networks.InspectNetworkAsync(network, ct)).Name);
            Assert.Equal(volume, (await fx.Daemon.Client.Volumes.InspectAsync(volume, ct)).Name);

            // Each stack refusal is audited as the action it refused.
            var audit = await fx.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/audit?object={project}&outcome=conflict&take=100", s_json, ct);
            var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToHashSet();
            Assert.Superset(new HashSet<string?> { "stack.stop", "stack.restart", "stack.down", "stack.scale", "stack.rm" }, actions);
        }
        finally
        {
            await RemoveAsync(project, network, volume, CancellationToken.None);
        }
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{what}: {(int)response.StatusCode} {text}");
        var problem = JsonSerializer.Deserialize<JsonElement>(text, s_json);
        Assert.Equal(SelfProtection.Rule, problem.GetProperty("rule").GetString());
        Assert.Contains("Portal's own container", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains($"label {PortalLabels.Self}=true", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A project as the compose CLI makes it: a network, a volume, Portal's own container (on both) and an ordinary one.</summary>
    private async Task<(string Network, string Volume, string Self, string Worker)> CreateCliProjectAsync(string project, CancellationToken ct)
    {
        var client = fx.Daemon.Client;
        Dictionary<string, string> Labels(params (string Key, string Value)[] extra)
        {
            var labels = new Dictionary<string, string>(fx.Daemon.SessionLabels) { [ComposeLabels.Project] = project };
            foreach (var (key, value) in extra)
            {
                labels[key] = value;
            }

            return labels;
        }

        var network = $"{project}_default";
        var volume = $"{project}_data";
        await client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = network, Labels = Labels((ComposeLabels.Network, "default")) }, ct);
        await client.Volumes.CreateAsync(new VolumesCreateParameters { Name = volume, Labels = Labels((ComposeLabels.Volume, "data")) }, ct);
        async Task<string> RunAsync(string service, Dictionary<string, string> labels)
        {
            var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = $"{project}-{service}-1",
                Image = fx.Daemon.Image,
                Cmd = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"],
                Labels = labels,
                HostConfig = new HostConfig { NetworkMode = network, Binds = service == "portal" ? [$"{volume}:/data"] : [] },
            }, ct);
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
            return created.ID;
        }

        var self = await RunAsync("portal", Labels((ComposeLabels.Service, "portal"), (ComposeLabels.ContainerNumber, "1"), (ComposeLabels.Oneoff, "False"), (PortalLabels.Self, "true")));
        var worker = await RunAsync("worker", Labels((ComposeLabels.Service, "worker"), (ComposeLabels.ContainerNumber, "1"), (ComposeLabels.Oneoff, "False")));
        return (network, volume, self, worker);
    }

    private async Task<List<string>> StartedAtAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var result = new List<string>();
        foreach (var id in ids)
        {
            var state = (await fx.Daemon.Client.Containers.InspectContainerAsync(id, ct)).State;
            Assert.NotNull(state);
            Assert.True(state.Running, $"{id} is {state.Status}");
            result.Add(state.StartedAt);
        }

        return result;
    }

    private async Task RemoveAsync(string project, string network, string volume, CancellationToken ct)
    {
        var client = fx.Daemon.Client;
        var mine = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true, [$"{TestLabels.Session}={fx.Daemon.SessionId}"] = true },
            },
        }, ct);
        foreach (var c in mine)
        {
            await client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true }, ct);
        }

        await client.Networks.DeleteNetworkAsync(network, ct);
        await client.Volumes.RemoveAsync(volume, force: false, ct);
    }
}
