// Docker.DotNet marks inspect members nullable; a null here is a failed test either way.
#pragma warning disable CS8602
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Execution;
using Xunit;

namespace Portal.IntegrationTests.Compose;

/// <summary>Nested compose keys reach the engine: bind propagation, volume nocopy, tmpfs mode, and a network's attachable flag and IPAM pool.</summary>
public sealed class ComposeNestedKeysTests(EngineFixture fixture) : StackTestBase(fixture)
{
    [Fact]
    public async Task BindPropagation_VolumeNocopy_TmpfsMode_AndNetworkAttachableIpam_EndUpOnTheEngine()
    {
        var project = NewProject();
        var subnet = await FreeSubnetAsync();
        var prefix = subnet[..subnet.LastIndexOf('.')];
        var dir = Directory.CreateTempSubdirectory("portal-nested-keys-");
        try
        {
            var document = new JsonObject
            {
                ["name"] = project,
                ["services"] = new JsonObject
                {
                    ["app"] = Sleeper(new JsonObject
                    {
                        ["volumes"] = new JsonArray(
                            new JsonObject { ["type"] = "bind", ["source"] = dir.FullName, ["target"] = "/host", ["bind"] = new JsonObject { ["propagation"] = "private" } },
                            new JsonObject { ["type"] = "volume", ["source"] = "data", ["target"] = "/data", ["volume"] = new JsonObject { ["nocopy"] = true } },
                            new JsonObject { ["type"] = "tmpfs", ["target"] = "/scratch", ["tmpfs"] = new JsonObject { ["size"] = "1m", ["mode"] = 1777 } }),
                        ["networks"] = new JsonArray("front"),
                    }),
                },
                ["networks"] = new JsonObject
                {
                    ["front"] = new JsonObject
                    {
                        ["attachable"] = true,
                        ["labels"] = SessionLabels(),
                        ["ipam"] = new JsonObject
                        {
                            ["config"] = new JsonArray(new JsonObject
                            {
                                ["subnet"] = subnet, ["gateway"] = $"{prefix}.1", ["aux_addresses"] = new JsonObject { ["reserved"] = $"{prefix}.5" },
                            }),
                        },
                    },
                },
                ["volumes"] = new JsonObject { ["data"] = new JsonObject { ["labels"] = SessionLabels() } },
            };
            await SaveAsync(Actors.Admin, project, document, Actors.TeamA);

            await Stacks.UpAsync(Actors.Admin, project, new ComposeUpOptions(), Events([]), Token);

            var app = await Fixture.Daemon.Client.Containers.InspectContainerAsync($"{project}-app-1", Token);
            Assert.Equal("private", Assert.Single(app.Mounts, m => m.Destination == "/host").Propagation);
            Assert.Contains($"{dir.FullName}:/host:private", app.HostConfig.Binds);
            var data = Assert.Single(app.Mounts, m => m.Destination == "/data");
            Assert.Equal($"{project}_data", data.Name);
            Assert.Contains("nocopy", data.Mode, StringComparison.Ordinal);
            Assert.Contains($"{project}_data:/data:nocopy", app.HostConfig.Binds);
            Assert.Equal("size=1048576,mode=1777", app.HostConfig.Tmpfs["/scratch"]);

            var network = await Fixture.Daemon.Client.Networks.InspectNetworkAsync($"{project}_front", Token);
            Assert.True(network.Attachable);
            var pool = Assert.Single(network.IPAM.Config);
            Assert.Equal((subnet, $"{prefix}.1"), (pool.Subnet, pool.Gateway));
            Assert.Equal($"{prefix}.5", pool.AuxAddress["reserved"]);
            Assert.StartsWith(prefix + ".", network.Containers[app.ID].IPv4Address, StringComparison.Ordinal);

            // The same file planned again: the nested keys are part of the config hash, nothing changes.
            var again = await Stacks.PlanAsync(Actors.Admin, project, null, Token);
            Assert.True(again.IsNoop, again.Render());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // A /24 in 10.254.0.0/16 that no network on the engine uses; the test never contacts it, only the engine allocates from it.
    private async Task<string> FreeSubnetAsync()
    {
        var used = (await Fixture.Daemon.Client.Networks.ListNetworksAsync(new NetworksListParameters(), Token))
            .SelectMany(n => n.IPAM?.Config ?? []).Select(c => c.Subnet).ToHashSet(StringComparer.Ordinal);
        var start = Random.Shared.Next(1, 250);
        return Enumerable.Range(start, 250).Select(i => $"10.254.{(i % 250) + 1}.0/24").First(s => !used.Contains(s));
    }
}
