using System.Text.Json.Nodes;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Compose;

/// <summary>volumes_from, cgroup and the other keys the binder now carries to the engine.</summary>
public sealed class ComposeVolumesFromTests
{
    [Fact]
    public void VolumesFrom_ServiceContainerAndBareName_ParseInOrder_ServicesOrderLikeDependsOn()
    {
        var project = Bind(new JsonArray("service:data:ro", "container:shared", "data"));
        var app = project.Service("app")!;

        Assert.Equal([new ComposeVolumesFrom(true, "data", true), new ComposeVolumesFrom(false, "shared", false), new ComposeVolumesFrom(true, "data", false)], app.VolumesFrom);
        Assert.Equal(["data"], app.Dependencies);
        Assert.Equal(["data", "app"], ComposeGraph.Order(project.Services).Select(s => s.Name));
        // Admission judges only the container outside the project; the service is resolved at create.
        var spec = ComposeSpecs.ToSpec(project, app, 1, "t", new Dictionary<string, string>());
        Assert.Equal(["shared"], spec.VolumesFrom);
        Assert.Equal("shared:ro", new ComposeVolumesFrom(false, "shared", true).ToEngine("shared"));
    }

    [Theory]
    [InlineData("service:nowhere", "services.app.volumes_from: service 'nowhere' is not in the project")]
    [InlineData("service:data:rx", "services.app.volumes_from[0]: access mode 'rx' is not ro or rw")]
    [InlineData("container:", "services.app.volumes_from[0]: 'container:' is not [service:|container:]name[:ro|:rw]")]
    public void VolumesFrom_Bad_IsInvalidWithPath(string entry, string expected)
    {
        var ex = Assert.Throws<OperationFailedException>(() => Bind(new JsonArray(entry)));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_VolumesFromServiceRecreated_RecreatesTheServiceTakingItsVolumes()
    {
        var deployed = Bind(new JsonArray("service:data"), "one");
        var changed = Bind(new JsonArray("service:data"), "two");
        var observed = new ObservedProject(
            [.. deployed.Services.Select(s => new ObservedContainer(s.Name, $"p-{s.Name}-1", s.Name, 1, ComposeHash.Service(s), "sha256:1", "running"))],
            [new ObservedNetwork("n", "p_default", "default")], []);

        var plan = ComposePlanner.Plan(changed, observed, new Dictionary<string, string> { ["x"] = "sha256:1" });

        Assert.Equal("config changed", Assert.Single(plan.ForService("data")).Cause);
        Assert.Equal("dependency data recreated", Assert.Single(plan.ForService("app")).Cause);
    }

    [Fact]
    public void Cgroup_HostOrPrivate_ToTheSpec_OtherValuesInvalid()
    {
        var project = ComposeModelBinder.Bind(Doc(new JsonObject { ["image"] = "x", ["cgroup"] = "private" }));
        Assert.Equal("private", ComposeSpecs.ToSpec(project, project.Service("app")!, 1, null, new Dictionary<string, string>()).CgroupnsMode);

        var ex = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(Doc(new JsonObject { ["image"] = "x", ["cgroup"] = "shared" })));
        Assert.StartsWith("services.app.cgroup: 'shared' is not host or private", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("any", null, "always")]
    [InlineData("on-failure", 3L, "on-failure:3")]
    [InlineData("on-failure", null, "on-failure")]
    [InlineData("none", null, "no")]
    public void DeployRestartPolicy_BecomesTheRestartPolicy_WhenRestartIsUnset(string condition, long? attempts, string expected)
    {
        var policy = new JsonObject { ["condition"] = condition };
        if (attempts is { } n)
        {
            policy["max_attempts"] = n;
        }

        var project = ComposeModelBinder.Bind(Doc(new JsonObject { ["image"] = "x", ["deploy"] = new JsonObject { ["restart_policy"] = policy } }));
        Assert.Equal(expected, project.Service("app")!.Restart);

        var explicitRestart = ComposeModelBinder.Bind(Doc(new JsonObject { ["image"] = "x", ["restart"] = "unless-stopped", ["deploy"] = new JsonObject { ["restart_policy"] = policy.DeepClone() } }));
        Assert.Equal("unless-stopped", explicitRestart.Service("app")!.Restart);
    }

    [Fact]
    public void BuildKeys_TheClassicBuilderTakes_AreBound()
    {
        var project = ComposeModelBinder.Bind(Doc(new JsonObject
        {
            ["build"] = new JsonObject
            {
                ["context"] = ".",
                ["network"] = "none",
                ["cache_from"] = new JsonArray("cache:1"),
                ["extra_hosts"] = new JsonObject { ["db"] = "10.0.0.5" },
                ["shm_size"] = "128m",
                ["dockerfile_inline"] = "FROM scratch",
                ["tags"] = new JsonArray("extra:1"),
                ["no_cache"] = true,
                ["pull"] = true,
            },
        }));

        var build = project.Service("app")!.Build!;
        Assert.Equal(("none", "cache:1", "db:10.0.0.5", 128L << 20, "FROM scratch", "extra:1", true, true),
            (build.Network, Assert.Single(build.CacheFrom), Assert.Single(build.ExtraHosts), build.ShmSize, build.DockerfileInline, Assert.Single(build.Tags), build.NoCache, build.Pull));
    }

    private static ComposeProject Bind(JsonArray volumesFrom, string greeting = "one") => ComposeModelBinder.Bind(new JsonObject
    {
        ["name"] = "p",
        ["services"] = new JsonObject
        {
            ["app"] = new JsonObject { ["image"] = "x", ["volumes_from"] = volumesFrom },
            ["data"] = new JsonObject { ["image"] = "x", ["environment"] = new JsonObject { ["G"] = greeting } },
        },
    });

    private static JsonObject Doc(JsonObject app) => new() { ["name"] = "p", ["services"] = new JsonObject { ["app"] = app } };
}
