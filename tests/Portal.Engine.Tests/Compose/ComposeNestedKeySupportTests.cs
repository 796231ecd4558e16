using System.Text.Json.Nodes;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Model;
using Portal.Engine.Pipeline;
using static Portal.Engine.Tests.Compose.ComposeSchemaKeys;

namespace Portal.Engine.Tests.Compose;

/// <summary>No nested compose key is silently ignored: port and mount long syntax and the top-level networks and volumes are classified, refusals name the path, honoured keys reach the model.</summary>
public sealed class ComposeNestedKeySupportTests
{
    [Fact]
    public void EveryPortMountNetworkAndVolumeKeyOfTheSchema_IsHonouredRefusedOrDocumentedIgnored_ExactlyOnce()
    {
        var definitions = Schema()["definitions"]!;
        var service = definitions["service"]!["properties"]!;
        var port = service["ports"]!["items"]!["oneOf"]!.AsArray().Single(o => o!["properties"] is not null)!["properties"]!;
        var mount = service["volumes"]!["items"]!["oneOf"]!.AsArray().Single(o => o!["properties"] is not null)!["properties"]!;

        AssertPartition(Paths(port), ComposeKeySupport.HonouredPortKeys, [], ComposeKeySupport.IgnoredPortKeys);
        AssertPartition(Paths(mount), ComposeKeySupport.HonouredMountKeys, ComposeKeySupport.RefusedMountKeys.Keys, ComposeKeySupport.IgnoredMountKeys);
        AssertPartition(Paths(definitions["network"]!["properties"]!), ComposeKeySupport.HonouredNetworkKeys, ComposeKeySupport.RefusedNetworkKeys.Keys, []);
        AssertPartition(Paths(definitions["volume"]!["properties"]!), ComposeKeySupport.HonouredVolumeKeys, [], []);
    }

    [Theory]
    [InlineData("""{"type":"volume","source":"data","target":"/d","volume":{"subpath":"a"}}""", "services.web.volumes[0].volume.subpath: not supported by Portal: volume subpaths need engine API 1.45")]
    [InlineData("""{"type":"volume","source":"data","target":"/d","volume":{"labels":{"a":"b"}}}""", "services.web.volumes[0].volume.labels: not supported by Portal: labels on a service's mount")]
    [InlineData("""{"type":"bind","source":"/srv","target":"/d","bind":{"create_host_path":false}}""", "services.web.volumes[0].bind.create_host_path: not supported by Portal: only true is supported")]
    [InlineData("""{"type":"bind","source":"/srv","target":"/d","bind":{"recursive":"readonly"}}""", "services.web.volumes[0].bind.recursive: not supported by Portal: only enabled is supported")]
    [InlineData("""{"type":"image","source":"x","target":"/d","image":{"subpath":"a"}}""", "services.web.volumes[0].type: not supported by Portal: image mounts need engine API 1.46")]
    [InlineData("""{"type":"npipe","source":"x","target":"/d"}""", "services.web.volumes[0].type: not supported by Portal: mount type 'npipe'")]
    [InlineData("""{"type":"bind","source":"/srv","target":"/d","bind":{"propagation":"sideways"}}""", "services.web.volumes[0].bind.propagation: 'sideways' is not shared")]
    [InlineData("""{"type":"tmpfs","target":"/t","tmpfs":{"mode":"rwx"}}""", "services.web.volumes[0].tmpfs.mode: 'rwx' is not an octal file mode")]
    [InlineData("""{"type":"volume","target":"/d","volume":{"nocopy":true}}""", "services.web.volumes[0].volume.nocopy: not supported by Portal: nocopy needs a named volume")]
    public void RefusedMountKey_FailsTheBind_NamingThePath(string mount, string expected)
    {
        var web = new JsonObject { ["image"] = "x", ["volumes"] = new JsonArray(JsonNode.Parse(mount)) };
        var document = Document(web);
        document["volumes"] = new JsonObject { ["data"] = new JsonObject() };

        var ex = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(document));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkEnableIpv4False_IsRefusedNamingThePath_TrueIsAccepted()
    {
        var document = Document(new JsonObject { ["image"] = "x" });
        document["networks"] = new JsonObject { ["front"] = new JsonObject { ["enable_ipv4"] = false } };
        var ex = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(document));
        Assert.StartsWith("networks.front.enable_ipv4: not supported by Portal: only true is supported", ex.Message, StringComparison.Ordinal);

        document["networks"] = new JsonObject { ["front"] = new JsonObject { ["enable_ipv4"] = true } };
        Assert.Contains("front", ComposeModelBinder.Bind(document).Networks.Keys);
    }

    [Fact]
    public void HonouredNestedKeys_ReachTheSpec_AndIgnoredOnesAreAccepted()
    {
        var yaml = """
            services:
              web:
                image: x
                ports:
                  - { target: 80, published: "8080", name: web, app_protocol: http, mode: host }
                volumes:
                  - { type: bind, source: /srv/site, target: /site, read_only: true, consistency: cached, bind: { propagation: rslave, selinux: z, create_host_path: true, recursive: enabled } }
                  - { type: volume, source: data, target: /data, volume: { nocopy: true } }
                  - { type: tmpfs, target: /scratch, tmpfs: { size: 1m, mode: 1770 } }
                  - /srv/rel:/rel:ro,Z,rshared
                networks: [front]
            networks:
              front:
                attachable: true
                ipam:
                  driver: default
                  options: { foo: bar }
                  config:
                    - { subnet: 10.254.7.0/24, gateway: 10.254.7.1, aux_addresses: { reserved: 10.254.7.5 } }
            volumes:
              data: {}
            """;
        var loaded = new ComposeLoader().Load(new ComposeLoadRequest([new ComposeFile("compose.yaml", yaml)], new NoFiles(), ProjectName: "p"));
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));

        var project = ComposeModelBinder.Bind(loaded.Document!, "p");
        var web = project.Services.Single();
        var spec = ComposeSpecs.ToSpec(project, web, 1, null, new Dictionary<string, string>());

        Assert.Equal(["/srv/site:/site:ro,z,rslave", "/srv/rel:/rel:ro,Z,rshared"], spec.Binds);
        Assert.Equal(["p_data:/data:nocopy"], spec.Volumes);
        Assert.Equal("1770", web.Volumes.Single(m => m.Type == "tmpfs").TmpfsMode);
        Assert.Equal(8080, Assert.Single(spec.Ports).HostPort);
        var ipam = project.Networks["front"].Ipam!;
        Assert.Equal("bar", ipam.Options["foo"]);
        Assert.Equal("10.254.7.5", Assert.Single(ipam.Config).AuxAddresses["reserved"]);
        Assert.True(project.Networks["front"].Attachable);
    }

    private static JsonObject Document(JsonObject web) => new() { ["name"] = "p", ["services"] = new JsonObject { ["web"] = web } };

    // Keys of an object schema, with an object-valued key's own keys as dotted paths (bind.propagation, ipam.config.subnet).
    private static HashSet<string> Paths(JsonNode properties, string prefix = "")
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties.AsObject())
        {
            var nested = value!["properties"] ?? value["items"]?["properties"];
            if (nested is not null)
            {
                result.UnionWith(Paths(nested, $"{prefix}{key}."));
            }

            // A key that may also be a scalar (external: true) is a key of its own besides its object form.
            if (nested is null || value["type"] is JsonArray)
            {
                result.Add(prefix + key);
            }
        }

        return result;
    }
}
