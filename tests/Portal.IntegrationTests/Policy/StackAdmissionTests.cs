using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// The admission suite for compose: a stack with one refused service option is refused whole on
/// plan and on up (the job fails naming service, key and rule), and nothing reaches the engine —
/// no container, volume or network of the session appears.
/// </summary>
public sealed class StackAdmissionTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string> Refused => new()
    {
        { "privileged", "no-privileged" },
        { "socket", "no-docker-socket" },
        { "host-bind", "no-host-binds" },
        { "network-host", "no-host-namespaces" },
        { "pid-host", "no-host-namespaces" },
        { "ipc-host", "no-host-namespaces" },
        { "userns-host", "no-host-namespaces" },
        { "cap-add", "no-added-capabilities" },
        { "device", "no-devices" },
        { "seccomp-unconfined", "no-unconfined-security" },
        { "sysctl", "no-sysctls" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Up_RefusedServiceOption_JobFailsNamingRule_NothingCreated(string ask, string rule)
    {
        var ct = TestContext.Current.CancellationToken;
        var project = "refused" + TestNames.Token();
        await MatrixWorld.SaveStackAsync(fx, fx.AsOperatorA, project, fx.TeamA, ct, service => Ask(service, ask));
        var before = await EngineObjectsAsync(ct);

        var plan = await fx.AsOperatorA.GetAsync($"/api/v1/stacks/{project}/plan", ct);
        var (_, last) = await MatrixWorld.StackJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);

        await AssertRefusedAsync(plan, rule, ct);
        Assert.Equal("failed", last.GetProperty("state").GetString());
        var error = last.GetProperty("error").GetString() ?? "";
        Assert.True(error.Contains("Service 'app'", StringComparison.Ordinal) && error.Contains($"rule '{rule}'", StringComparison.Ordinal), error);
        Assert.Equal(before, await EngineObjectsAsync(ct));
    }

    [Fact]
    public async Task Up_SameOptionsByAdmin_Deployed()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = "adminstack" + TestNames.Token();
        await MatrixWorld.SaveStackAsync(fx, fx.Admin, project, fx.TeamA, ct, service => Ask(service, "cap-add"));
        try
        {
            await MatrixWorld.RunStackJobAsync(fx.Admin, $"/api/v1/stacks/{project}/up?wait=true", ct);

            var inspect = await fx.Daemon.Client.Containers.InspectContainerAsync($"{project}-app-1", ct);
            Assert.Contains("NET_ADMIN", inspect.HostConfig!.CapAdd!);
        }
        finally
        {
            // Down runs as a job: wait for it, so the next test's before/after lists do not see it working.
            await MatrixWorld.StackJobAsync(fx.Admin, $"/api/v1/stacks/{project}/down", CancellationToken.None);
        }
    }

    /// <summary>This session's containers and volumes (<see cref="SessionObjectsAsync"/>) and networks.</summary>
    private async Task<IReadOnlyList<string>> EngineObjectsAsync(CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{TestLabels.Session}={fx.Daemon.SessionId}"] = true } };
        var networks = await fx.Daemon.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct);
        return [.. (await SessionObjectsAsync(fx, ct)).Concat(networks.Select(n => "network " + n.Name)).Order(StringComparer.Ordinal)];
    }

    private static void Ask(JsonObject service, string ask)
    {
        switch (ask)
        {
            case "privileged": service["privileged"] = true; break;
            case "socket": service["volumes"] = new JsonArray("/var/run/docker.sock:/var/run/docker.sock"); break;
            case "host-bind": service["volumes"] = new JsonArray("/etc:/host-etc:ro"); break;
            case "network-host": service["network_mode"] = "host"; break;
            case "pid-host": service["pid"] = "host"; break;
            case "ipc-host": service["ipc"] = "host"; break;
            case "userns-host": service["userns_mode"] = "host"; break;
            case "cap-add": service["cap_add"] = new JsonArray("NET_ADMIN"); break;
            case "device": service["devices"] = new JsonArray("/dev/fuse:/dev/fuse"); break;
            case "seccomp-unconfined": service["security_opt"] = new JsonArray("seccomp:unconfined"); break;
            case "sysctl": service["sysctls"] = new JsonObject { ["net.ipv4.ip_forward"] = "1" }; break;
            default: throw new ArgumentOutOfRangeException(nameof(ask), ask, "unknown case");
        }
    }
}
