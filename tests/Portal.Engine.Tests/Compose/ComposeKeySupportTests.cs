using System.Text.Json.Nodes;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Model;
using Portal.Engine.Pipeline;
using static Portal.Engine.Tests.Compose.ComposeSchemaKeys;

namespace Portal.Engine.Tests.Compose;

/// <summary>No compose key is silently ignored: every service, build and deploy key of the schema Portal embeds is classified, and refused keys fail the bind naming their path.</summary>
public sealed class ComposeKeySupportTests
{
    [Fact]
    public void EveryServiceBuildAndDeployKeyOfTheSchema_IsHonouredRefusedOrDocumentedIgnored_ExactlyOnce()
    {
        var definitions = Schema()["definitions"]!;
        var service = Keys(definitions["service"]!["properties"]!);
        var build = Keys(definitions["service"]!["properties"]!["build"]!["oneOf"]!.AsArray().First(o => o!["properties"] is not null)!["properties"]!);
        var deploy = Keys(definitions["deployment"]!["properties"]!);

        AssertPartition(service, ComposeKeySupport.HonouredServiceKeys, ComposeKeySupport.RefusedServiceKeys.Keys, ComposeKeySupport.IgnoredServiceKeys);
        AssertPartition(build, ComposeKeySupport.HonouredBuildKeys, ComposeKeySupport.RefusedBuildKeys.Keys, []);
        AssertPartition(deploy, ComposeKeySupport.HonouredDeployKeys, [], ComposeKeySupport.IgnoredDeployKeys.Where(k => !k.Contains('.', StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("build", "ssh", "services.web.build.ssh: not supported by Portal: SSH forwarding needs BuildKit")]
    [InlineData("build", "secrets", "services.web.build.secrets: not supported by Portal: build secrets need BuildKit")]
    [InlineData("build", "platforms", "services.web.build.platforms: not supported by Portal: multi-platform builds need BuildKit")]
    [InlineData("build", "additional_contexts", "services.web.build.additional_contexts: not supported by Portal")]
    [InlineData(null, "links", "services.web.links: not supported by Portal: legacy links")]
    [InlineData(null, "runtime", "services.web.runtime: not supported by Portal: choosing an OCI runtime")]
    [InlineData(null, "cgroup_parent", "services.web.cgroup_parent: not supported by Portal")]
    [InlineData(null, "device_cgroup_rules", "services.web.device_cgroup_rules: not supported by Portal")]
    [InlineData(null, "use_api_socket", "services.web.use_api_socket: not supported by Portal")]
    public void RefusedKey_FailsTheBind_NamingPathAndReason(string? under, string key, string expected)
    {
        var web = new JsonObject { ["image"] = "x" };
        var value = JsonValue.Create("anything");
        if (under is null)
        {
            web[key] = value;
        }
        else
        {
            web[under] = new JsonObject { ["context"] = ".", [key] = value };
        }

        var ex = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(Document(web)));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestedKeys_ServiceNetworkEntryAndHealthcheckStartInterval_AreClassifiedAndRefusedWithPath()
    {
        var definitions = Schema()["definitions"]!;
        var entry = definitions["service"]!["properties"]!["networks"]!["oneOf"]![1]!["patternProperties"]!.AsObject().Single().Value!["oneOf"]![0]!["properties"]!;
        AssertPartition(Keys(entry), ["aliases", "ipv4_address", "priority"], ComposeKeySupport.RefusedServiceNetworkKeys.Keys, []);

        var mac = new JsonObject { ["image"] = "x", ["networks"] = new JsonObject { ["front"] = new JsonObject { ["mac_address"] = "02:42:ac:11:00:02" } } };
        var macEx = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(Document(mac)));
        Assert.StartsWith("services.web.networks.front.mac_address: not supported by Portal", macEx.Message, StringComparison.Ordinal);

        var health = new JsonObject { ["image"] = "x", ["healthcheck"] = new JsonObject { ["test"] = "true", ["start_interval"] = "1s" } };
        var healthEx = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(Document(health)));
        Assert.StartsWith("services.web.healthcheck.start_interval: not supported by Portal: it needs engine API 1.44", healthEx.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceReservations_AreRefused_SwarmOnlyDeployKeysAndDevelopAreAccepted()
    {
        var gpus = new JsonObject
        {
            ["image"] = "x",
            ["deploy"] = new JsonObject { ["resources"] = new JsonObject { ["reservations"] = new JsonObject { ["devices"] = new JsonArray(new JsonObject { ["capabilities"] = new JsonArray("gpu") }) } } },
        };
        var ex = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(Document(gpus)));
        Assert.StartsWith("services.web.deploy.resources.reservations.devices: not supported by Portal", ex.Message, StringComparison.Ordinal);

        var swarm = new JsonObject
        {
            ["image"] = "x",
            ["develop"] = new JsonObject { ["watch"] = new JsonArray() },
            ["deploy"] = new JsonObject { ["mode"] = "replicated", ["placement"] = new JsonObject { ["constraints"] = new JsonArray("node.role==manager") }, ["update_config"] = new JsonObject { ["parallelism"] = 2 } },
        };
        Assert.Equal("web", ComposeModelBinder.Bind(Document(swarm)).Services.Single().Name);
    }

    [Fact]
    public void StoredStackWithARefusedKey_IsRejectedByTheLoaderAndBinder_WithTheKeysPath()
    {
        // The same check a stack save runs: load (schema accepts the key), then bind (Portal refuses it).
        var yaml = """
            services:
              web:
                image: x
                build:
                  context: .
                  ssh: ["default"]
            """;
        var loaded = new ComposeLoader().Load(new ComposeLoadRequest([new ComposeFile("compose.yaml", yaml)], new NoFiles(), ProjectName: "p"));
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));

        var ex = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(loaded.Document!, "p"));
        Assert.Contains("services.web.build.ssh: not supported by Portal", ex.Message, StringComparison.Ordinal);
    }

    private static JsonObject Document(JsonObject web) => new() { ["name"] = "p", ["services"] = new JsonObject { ["web"] = web } };

    private static HashSet<string> Keys(JsonNode properties) => [.. properties.AsObject().Select(p => p.Key)];
}
