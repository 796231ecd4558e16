using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Stacks;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Compose;

/// <summary>Stacks from hand-written canonical documents, every object labelled with the test session and torn down after.</summary>
public abstract class StackTestBase(EngineFixture fixture) : IntegrationTest(fixture), IAsyncLifetime
{
    private readonly List<string> _projects = [];

    protected StackOperations Stacks => Fixture.Host.Services.GetRequiredService<StackOperations>();

    protected static IProgress<ComposeEvent> Events(List<ComposeEvent> into) => new SyncProgress<ComposeEvent>(e =>
    {
        lock (into)
        {
            into.Add(e);
        }
    });

    /// <summary>A fresh project name, removed from the engine after the test.</summary>
    protected string NewProject()
    {
        var name = $"t{TestNames.Token()}";
        _projects.Add(name);
        return name;
    }

    /// <summary>A service of the test image that idles, exits on SIGTERM and carries the session label.</summary>
    protected JsonObject Sleeper(JsonObject? extra = null)
    {
        var service = new JsonObject
        {
            ["image"] = Fixture.Daemon.Image,
            ["command"] = new JsonArray("sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"),
            ["labels"] = new JsonObject { [TestLabels.Session] = Fixture.Daemon.SessionId },
        };
        foreach (var (key, value) in extra ?? [])
        {
            service[key] = value?.DeepClone();
        }

        return service;
    }

    protected JsonObject SessionLabels() => new() { [TestLabels.Session] = Fixture.Daemon.SessionId };

    protected async Task SaveAsync(Portal.Engine.Pipeline.Actor actor, string project, JsonObject document, string? team = null)
    {
        var result = await Stacks.SaveAsync(actor, new SaveStackRequest
        {
            Name = project,
            Team = team,
            Files = [new ComposeFile("compose.json", document.ToJsonString())],
        }, Token);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
    }

    protected async Task<IList<ContainerListResponse>> ProjectContainersAsync(string project) =>
        await Fixture.Daemon.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true } },
        }, Token);

    protected async Task<(int Networks, int Volumes)> ProjectNetworksAndVolumesAsync(string project)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true } };
        var networks = await Fixture.Daemon.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, Token);
        var volumes = await Fixture.Daemon.Client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, Token);
        return (networks.Count, volumes.Volumes?.Count ?? 0);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var client = Fixture.Daemon.Client;
        foreach (var project in _projects)
        {
            var filter = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true, [$"{TestLabels.Session}={Fixture.Daemon.SessionId}"] = true },
            };
            foreach (var c in await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cleanup.Token))
            {
                await client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cleanup.Token);
            }

            // Only this project's networks and volumes: other classes of the session are still running.
            await SessionCleanup.RemoveNetworksAndVolumesAsync(client, Fixture.Daemon.SessionId, cleanup.Token, $"{ComposeLabels.Project}={project}");
        }
    }
}
