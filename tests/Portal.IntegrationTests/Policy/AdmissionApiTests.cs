using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// The admission suite through REST against the real engine: every refused option, with the rule
/// and the setting named and nothing new on the engine; controls that the admin's settings allow.
/// Tests that change the policy put the defaults back before they end.
/// </summary>
public sealed class AdmissionApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string> Refused => new()
    {
        { "privileged", "no-privileged" },
        { "socket", "no-docker-socket" },
        { "socket-run", "no-docker-socket" },
        { "socket-dir", "no-docker-socket" },
        { "socket-proc", "no-docker-socket" },
        { "host-bind", "no-host-binds" },
        { "network-host", "no-host-namespaces" },
        { "pid-host", "no-host-namespaces" },
        { "ipc-host", "no-host-namespaces" },
        { "uts-host", "no-host-namespaces" },
        { "userns-host", "no-host-namespaces" },
        { "cgroupns-host", "no-host-namespaces" },
        { "network-of-stranger", "no-host-namespaces" },
        { "pid-of-stranger", "no-host-namespaces" },
        { "ipc-of-stranger", "no-host-namespaces" },
        { "volumes-from-stranger", "no-host-namespaces" },
        { "cap-net-admin", "no-added-capabilities" },
        { "cap-all", "no-added-capabilities" },
        { "cap-prefixed", "no-added-capabilities" },
        { "device", "no-devices" },
        { "seccomp-unconfined", "no-unconfined-security" },
        { "apparmor-unconfined", "no-unconfined-security" },
        { "label-disable", "no-unconfined-security" },
        { "sysctl", "no-sysctls" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Run_RefusedOption_ForbiddenNamingRuleAndNothingCreated(string ask, string rule)
    {
        var ct = TestContext.Current.CancellationToken;
        var stranger = await StrangerAsync(ct);
        var before = await SessionObjectsAsync(fx, ct);
        var body = Sleeper(fx, "refused-" + TestNames.Token());
        Ask(body, ask, stranger);

        var detail = await AssertRefusedAsync(await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", body, ct), rule, ct);

        Assert.Equal(before, await SessionObjectsAsync(fx, ct));
        Assert.True(detail.Contains("policy setting", StringComparison.Ordinal) || detail.Contains("No policy setting", StringComparison.Ordinal), detail);
    }

    [Fact]
    public async Task Run_AdminSameOptions_Admitted()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Sleeper(fx, "admin-cap-" + TestNames.Token());
        body["capAdd"] = new[] { "NET_ADMIN" };
        body["sysctls"] = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" };

        var response = await fx.Admin.PostAsJsonAsync("/api/v1/containers", body, ct);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Run_SafeSysctlAndCapabilityOnAllowList_Admitted()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Sleeper(fx, "safe-" + TestNames.Token());
        body["sysctls"] = new Dictionary<string, string> { ["net.ipv4.ping_group_range"] = "0 0" };
        body["capAdd"] = new[] { "cap_net_raw" };
        await PutPolicyAsync(fx, new { allowedCapabilities = new[] { "NET_RAW" } }, ct);
        try
        {
            var response = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", body, ct);

            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
            var inspect = await fx.Daemon.Client.Containers.InspectContainerAsync((string)body["name"]!, ct);
            Assert.Equal("0 0", inspect.HostConfig!.Sysctls!["net.ipv4.ping_group_range"]);
        }
        finally
        {
            await PutPolicyAsync(fx, new { }, ct);
        }
    }

    [Fact]
    public async Task Run_BindUnderAllowedPrefix_ReadOnlyAdmittedReadWriteRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("portal-bind-");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "hello.txt"), "from the host", ct);
        await PutPolicyAsync(fx, new { bindPrefixes = new[] { new { path = dir.FullName, readWrite = false } } }, ct);
        try
        {
            var readOnly = Sleeper(fx, "bind-ro-" + TestNames.Token());
            readOnly["binds"] = new[] { $"{dir.FullName}:/data:ro" };
            var readWrite = Sleeper(fx, "bind-rw-" + TestNames.Token());
            readWrite["binds"] = new[] { $"{dir.FullName}:/data" };
            var outside = Sleeper(fx, "bind-out-" + TestNames.Token());
            outside["binds"] = new[] { $"{dir.Parent!.FullName}:/data:ro" };

            var ok = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", readOnly, ct);
            var before = await SessionObjectsAsync(fx, ct);
            var rw = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", readWrite, ct);
            var out_ = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", outside, ct);

            Assert.True(ok.StatusCode == HttpStatusCode.Created, await ok.Content.ReadAsStringAsync(ct));
            var inspect = await fx.Daemon.Client.Containers.InspectContainerAsync((string)readOnly["name"]!, ct);
            Assert.Contains(inspect.Mounts, m => m.Source == dir.FullName && m.Destination == "/data" && !m.RW);
            Assert.Contains("bindPrefixes", await AssertRefusedAsync(rw, "no-host-binds", ct), StringComparison.Ordinal);
            await AssertRefusedAsync(out_, "no-host-binds", ct);
            Assert.Equal(before, await SessionObjectsAsync(fx, ct));
        }
        finally
        {
            await PutPolicyAsync(fx, new { }, ct);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Run_SameTeamNamespaceSharing_OnlyWhenAllowedAndOnlyOwnTeam()
    {
        var ct = TestContext.Current.CancellationToken;
        var own = Sleeper(fx, "share-own-" + TestNames.Token());
        Assert.Equal(HttpStatusCode.Created, (await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", own, ct)).StatusCode);
        var stranger = await StrangerAsync(ct);
        var joinOwn = Sleeper(fx, "share-join-" + TestNames.Token());
        joinOwn["networkMode"] = $"container:{own["name"]}";
        joinOwn["volumesFrom"] = new[] { $"{own["name"]}:ro" };
        var joinStranger = Sleeper(fx, "share-stranger-" + TestNames.Token());
        joinStranger["networkMode"] = $"container:{stranger}";

        await AssertRefusedAsync(await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", joinOwn, ct), "no-host-namespaces", ct);
        await PutPolicyAsync(fx, new { allowSameTeamSharing = true }, ct);
        try
        {
            var admitted = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", joinOwn, ct);
            var refused = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", joinStranger, ct);

            Assert.True(admitted.StatusCode == HttpStatusCode.Created, await admitted.Content.ReadAsStringAsync(ct));
            await AssertRefusedAsync(refused, "no-host-namespaces", ct);
        }
        finally
        {
            await PutPolicyAsync(fx, new { }, ct);
        }
    }

    [Fact]
    public async Task Run_DefaultMemoryAndImageAllowList_AppliedFromSettings()
    {
        var ct = TestContext.Current.CancellationToken;
        await PutPolicyAsync(fx, new { defaultMemoryBytes = 64L * 1024 * 1024, requireMemoryLimit = true, allowedImages = new[] { "127.0.0.1:1/" } }, ct);
        try
        {
            var notListed = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", Sleeper(fx, "img-" + TestNames.Token()), ct);
            var pull = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference = "busybox:latest" }, ct);
            await AssertRefusedAsync(notListed, "allowed-images", ct);
            await AssertRefusedAsync(pull, "allowed-images", ct);

            await PutPolicyAsync(fx, new { defaultMemoryBytes = 64L * 1024 * 1024, requireMemoryLimit = true }, ct);
            var body = Sleeper(fx, "mem-" + TestNames.Token());
            var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", body, ct);

            Assert.True(run.StatusCode == HttpStatusCode.Created, await run.Content.ReadAsStringAsync(ct));
            Assert.Equal(64L * 1024 * 1024, (await fx.Daemon.Client.Containers.InspectContainerAsync((string)body["name"]!, ct)).HostConfig!.Memory);

            await PutPolicyAsync(fx, new { requireMemoryLimit = true }, ct);
            await AssertRefusedAsync(await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", Sleeper(fx, "nomem-" + TestNames.Token()), ct), "memory-limit-required", ct);
        }
        finally
        {
            await PutPolicyAsync(fx, new { }, ct);
        }
    }

    [Fact]
    public async Task Volume_LocalDriverOptionsBindingHostPath_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await SessionObjectsAsync(fx, ct);

        var response = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/volumes", new
        {
            name = "bindvol-" + TestNames.Token(),
            driverOptions = new Dictionary<string, string> { ["type"] = "none", ["o"] = "bind", ["device"] = "/etc" },
            labels = fx.Labels,
            team = fx.TeamA,
        }, ct);

        await AssertRefusedAsync(response, "no-volume-driver-options", ct);
        Assert.Equal(before, await SessionObjectsAsync(fx, ct));
    }

    [Fact]
    public async Task Run_MountingAnotherTeamsVolume_RefusedLikeAMissingOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var volume = "teamb-vol-" + TestNames.Token();
        var created = await fx.AsOperatorB.PostAsJsonAsync("/api/v1/volumes", new { name = volume, labels = fx.Labels, team = fx.TeamB }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = Sleeper(fx, "steal-" + TestNames.Token());
        body["volumes"] = new[] { $"{volume}:/data" };
        var before = await SessionObjectsAsync(fx, ct);

        var response = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", body, ct);

        Assert.False(response.IsSuccessStatusCode);
        Assert.DoesNotContain(fx.TeamB, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(before, await SessionObjectsAsync(fx, ct));
    }

    [Fact]
    public async Task Build_HostNetwork_RefusedForOperator()
    {
        var ct = TestContext.Current.CancellationToken;
        var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "Dockerfile")
            {
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"FROM {fx.Daemon.Image}\nRUN true\n")),
            });
        }

        var content = new ByteArrayContent(tar.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        var tag = $"portal-test-img/{TestNames.Token()}:hostnet";

        var response = await fx.AsOperatorA.PostAsync($"/api/v1/images/build?tag={Uri.EscapeDataString(tag)}&networkMode=host", content, ct);

        await AssertRefusedAsync(response, "no-host-namespaces", ct);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync($"/api/v1/images/{Uri.EscapeDataString(tag)}", ct)).StatusCode);
    }

    [Fact]
    public async Task PolicySettings_OnlyAdminsReadAndWrite_RoundTrip()
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.GetAsync("/api/v1/settings/policy", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsOperatorA.PutAsJsonAsync("/api/v1/settings/policy", new { allowPrivileged = true }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Admin.PutAsJsonAsync("/api/v1/settings/policy", new { allowedHostNamespaces = new[] { "mount" } }, ct)).StatusCode);
        var defaults = await fx.Admin.GetFromJsonAsync<JsonElement>("/api/v1/settings/policy", ct);
        Assert.False(defaults.GetProperty("allowPrivileged").GetBoolean());
        Assert.True(defaults.GetProperty("allowRootExec").GetBoolean());
        Assert.Contains(defaults.GetProperty("allowedSysctls").EnumerateArray(), s => s.GetString() == "net.ipv4.ping_group_range");
        await PutPolicyAsync(fx, new { allowedCapabilities = new[] { "cap_net_raw", "NET_RAW" } }, ct);
        try
        {
            var saved = await fx.Admin.GetFromJsonAsync<JsonElement>("/api/v1/settings/policy", ct);
            Assert.Equal(["NET_RAW"], saved.GetProperty("allowedCapabilities").EnumerateArray().Select(c => c.GetString()));
        }
        finally
        {
            await PutPolicyAsync(fx, new { }, ct);
        }
    }

    /// <summary>A running container of team B, which team A must never reach.</summary>
    private async Task<string> StrangerAsync(CancellationToken ct)
    {
        var name = "stranger-" + TestNames.Token();
        var response = await fx.AsOperatorB.PostAsJsonAsync("/api/v1/containers", Sleeper(fx, name, fx.TeamB), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    private static void Ask(Dictionary<string, object?> body, string ask, string stranger)
    {
        switch (ask)
        {
            case "privileged": body["privileged"] = true; break;
            case "socket": body["binds"] = new[] { "/var/run/docker.sock:/var/run/docker.sock" }; break;
            case "socket-run": body["binds"] = new[] { "/run/docker.sock:/s" }; break;
            case "socket-dir": body["binds"] = new[] { "/var/run:/host-run:ro" }; break;
            case "socket-proc": body["binds"] = new[] { "/proc/1/root:/host:ro" }; break;
            case "host-bind": body["binds"] = new[] { "/etc:/host-etc:ro" }; break;
            case "network-host": body["networkMode"] = "host"; break;
            case "pid-host": body["pidMode"] = "host"; break;
            case "ipc-host": body["ipcMode"] = "host"; break;
            case "uts-host": body["utsMode"] = "host"; break;
            case "userns-host": body["usernsMode"] = "host"; break;
            case "cgroupns-host": body["cgroupnsMode"] = "host"; break;
            case "network-of-stranger": body["networkMode"] = $"container:{stranger}"; break;
            case "pid-of-stranger": body["pidMode"] = $"container:{stranger}"; break;
            case "ipc-of-stranger": body["ipcMode"] = $"container:{stranger}"; break;
            case "volumes-from-stranger": body["volumesFrom"] = new[] { stranger }; break;
            case "cap-net-admin": body["capAdd"] = new[] { "NET_ADMIN" }; break;
            case "cap-all": body["capAdd"] = new[] { "all" }; break;
            case "cap-prefixed": body["capAdd"] = new[] { "CAP_SYS_ADMIN" }; break;
            case "device": body["devices"] = new[] { "/dev/fuse" }; break;
            case "seccomp-unconfined": body["securityOpt"] = new[] { "seccomp=unconfined" }; break;
            case "apparmor-unconfined": body["securityOpt"] = new[] { "apparmor=unconfined" }; break;
            case "label-disable": body["securityOpt"] = new[] { "label=disable" }; break;
            case "sysctl": body["sysctls"] = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" }; break;
            default: throw new ArgumentOutOfRangeException(nameof(ask), ask, "unknown case");
        }
    }
}
