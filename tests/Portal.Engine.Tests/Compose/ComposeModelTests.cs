using Portal.Engine.Admission;
using System.Text.Json.Nodes;
using Portal.Engine.Compose.Model;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Compose;

public sealed class ComposeModelTests
{
    [Fact]
    public void Hash_IgnoresKeysThatMustNotRecreate_ButSeesEnvironment()
    {
        var baseline = ComposeHash.Service(Bind(new JsonObject { ["image"] = "x", ["environment"] = new JsonObject { ["A"] = "1" }, ["deploy"] = new JsonObject() }));
        var scaled = ComposeHash.Service(Bind(new JsonObject
        {
            ["image"] = "x",
            ["environment"] = new JsonObject { ["A"] = "1" },
            ["deploy"] = new JsonObject { ["replicas"] = 3 },
            ["scale"] = 3,
            ["depends_on"] = new JsonObject(),
            ["pull_policy"] = "always",
            ["profiles"] = new JsonArray("debug"),
            ["build"] = new JsonObject { ["context"] = "." },
        }));
        var changed = ComposeHash.Service(Bind(new JsonObject { ["image"] = "x", ["environment"] = new JsonObject { ["A"] = "2" } }));

        Assert.Equal(baseline, scaled);
        Assert.Matches("^[0-9a-f]{64}$", baseline);
        Assert.NotEqual(baseline, changed);
    }

    [Fact]
    public void Hash_IsSha256OfTheCompactServiceJson_AsGiven()
    {
        var service = Bind(new JsonObject { ["image"] = "x", ["command"] = new JsonArray("a", "b") });

        // The binder adds the default network to the model, never to the JSON it hashes.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("""{"image":"x","command":["a","b"]}"""u8.ToArray()));
        Assert.Equal(expected, ComposeHash.Service(service));
        Assert.True(service.Networks.ContainsKey("default"));
    }

    [Fact]
    public void Binder_ReadsShortSyntaxAndGoDurations()
    {
        var service = Bind(new JsonObject
        {
            ["image"] = "x",
            ["ports"] = new JsonArray("127.0.0.1:8000-8001:80-81/udp", "9000"),
            ["volumes"] = new JsonArray("data:/data:ro", "/srv:/srv", "/anon"),
            ["depends_on"] = new JsonArray("db"),
            ["healthcheck"] = new JsonObject { ["test"] = "wget -q localhost", ["interval"] = "1m30s", ["start_period"] = "500ms" },
            ["environment"] = new JsonArray("A=1", "B"),
            ["stop_grace_period"] = "2s",
            ["mem_limit"] = "64m",
            ["ulimits"] = new JsonObject { ["nofile"] = new JsonObject { ["soft"] = 100, ["hard"] = 200 }, ["nproc"] = 50 },
        }, extraServices: new JsonObject { ["db"] = new JsonObject { ["image"] = "x" } }, volumes: new JsonObject { ["data"] = new JsonObject() });

        Assert.Equal([new ComposePort(80, "8000", "127.0.0.1", "udp", "ingress"), new ComposePort(81, "8001", "127.0.0.1", "udp", "ingress"), new ComposePort(9000, null, null, "tcp", "ingress")], service.Ports);
        Assert.Equal([new ComposeMount("volume", "data", "/data", true, null), new ComposeMount("bind", "/srv", "/srv", false, null), new ComposeMount("volume", null, "/anon", false, null)], service.Volumes);
        Assert.Equal(ComposeDependency.Started, service.DependsOn["db"].Condition);
        Assert.Equal(["CMD-SHELL", "wget -q localhost"], service.Healthcheck!.Test);
        Assert.Equal(TimeSpan.FromSeconds(90), service.Healthcheck.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), service.Healthcheck.StartPeriod);
        Assert.Null(service.Environment["B"]);
        Assert.Equal(TimeSpan.FromSeconds(2), service.StopGracePeriod);
        Assert.Equal(64L << 20, service.Limits.MemoryBytes);
        Assert.Equal(new ComposeUlimit(100, 200), service.Ulimits["nofile"]);
        Assert.Equal(new ComposeUlimit(50, 50), service.Ulimits["nproc"]);
    }

    [Fact]
    public void ToSpec_NamesLabelsAndNetworksAsComposeDoes()
    {
        var project = ComposeModelBinder.Bind(ComposeDocuments.ThreeTier());
        var spec = ComposeSpecs.ToSpec(project, project.Service("api")!, 2, "team-a", new Dictionary<string, string> { [ComposeLabels.Project] = "shop" });

        Assert.Equal("shop-api-2", spec.Name);
        Assert.Equal(["shop_back", "shop_front"], spec.Networks);
        Assert.Equal("shop", spec.Labels[ComposeLabels.Project]);
        Assert.Equal("team-a", spec.Team);
        var web = ComposeSpecs.ToSpec(project, project.Service("web")!, 1, null, new Dictionary<string, string>());
        Assert.Equal([new PortMapping("127.0.0.1", 8080, 80, "tcp")], web.Ports);
        var db = ComposeSpecs.ToSpec(project, project.Service("db")!, 1, null, new Dictionary<string, string>());
        Assert.Equal(["shop_data:/data"], db.Volumes);
    }

    [Fact]
    public void ToSpec_PrivilegedService_CarriesItForTheRunRules_AndTheRuleNamesTheKey()
    {
        // The refusal itself goes through AdmissionPolicy against the real daemon (StackUpTests).
        var doc = ComposeDocuments.ThreeTier();
        doc["services"]!["api"]!.AsObject()["privileged"] = true;
        var project = ComposeModelBinder.Bind(doc);
        var api = project.Service("api")!;

        Assert.True(ComposeSpecs.ToSpec(project, api, 1, "team-a", new Dictionary<string, string>()).Privileged);
        Assert.Equal("privileged", ComposeSpecs.KeyForRule("no-privileged", api));
        Assert.Equal("volumes", ComposeSpecs.KeyForRule("no-host-binds", api));
    }

    [Fact]
    public void Binder_UnknownNetworkOrReservedLabel_IsInvalidWithPath()
    {
        var doc = ComposeDocuments.ThreeTier();
        doc["services"]!["web"]!.AsObject()["networks"] = new JsonObject { ["nowhere"] = null };
        var ex = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(doc));
        Assert.Contains("services.web.networks.nowhere", ex.Message, StringComparison.Ordinal);

        var labelled = ComposeModelBinder.Bind(ComposeDocuments.ThreeTier());
        var withReserved = labelled.Service("web")! with { Labels = new Dictionary<string, string> { ["io.portal.team"] = "other" } };
        Assert.Throws<OperationFailedException>(() => ComposeSpecs.ToSpec(labelled, withReserved, 1, null, new Dictionary<string, string>()));
    }

    private static ComposeService Bind(JsonObject service, JsonObject? extraServices = null, JsonObject? volumes = null)
    {
        var services = new JsonObject { ["svc"] = service };
        foreach (var (key, value) in extraServices ?? [])
        {
            services[key] = value!.DeepClone();
        }

        var doc = new JsonObject { ["name"] = "p", ["services"] = services };
        if (volumes is not null)
        {
            doc["volumes"] = volumes;
        }

        return ComposeModelBinder.Bind(doc).Service("svc")!;
    }
}
