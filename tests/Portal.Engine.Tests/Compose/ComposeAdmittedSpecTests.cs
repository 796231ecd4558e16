using Portal.Engine.Admission;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Compose;

/// <summary>What compose creates is the admitted spec; what up asks of the quota; relative binds; pull policies.</summary>
public sealed class ComposeAdmittedSpecTests
{
    private const long MiB = 1024 * 1024;

    private static ComposeProject Shop() => ComposeModelBinder.Bind(ComposeDocuments.ThreeTier());

    [Fact]
    public void ForReplica_KeepsWhatAdmissionAdded_RenamesAndStampsComposeLabels()
    {
        var project = Shop();
        var db = project.Service("db")!;
        var admitted = ComposeSpecs.ToSpec(project, db, 1, "team-a", new Dictionary<string, string>()) with { MemoryBytes = 48 * MiB };

        var replica = ComposeSpecs.ForReplica(admitted, project, db, 3, new Dictionary<string, string> { ["com.docker.compose.container-number"] = "3" });

        Assert.Equal(48 * MiB, replica.MemoryBytes);
        Assert.Equal("shop-db-3", replica.Name);
        Assert.Equal("3", replica.Labels["com.docker.compose.container-number"]);
        Assert.Equal("team-a", replica.Team);
        Assert.Equal(admitted.Image, replica.Image);
    }

    [Fact]
    public void DemandOf_EmptyEngine_CountsEveryNewContainerItsLimitsAndVolumes()
    {
        var project = Shop();
        var plan = ComposePlanner.Plan(project, ObservedProject.Empty, new Dictionary<string, string>());
        var admitted = Admitted(project, memory: 32 * MiB, nanoCpus: 500_000_000);

        var demand = StackQuota.DemandOf(plan, admitted, 0, 0);

        Assert.Equal(3, demand.Containers);
        Assert.Equal(96 * MiB, demand.MemoryBytes);
        Assert.Equal(1_500_000_000, demand.NanoCpus);
        Assert.Equal(1, demand.Volumes);
        Assert.False(demand.UnlimitedMemory);
        Assert.False(demand.UnlimitedCpus);
    }

    [Fact]
    public void DemandOf_RecreateGivesBackWhatTheOldContainerHeld_AndAServiceWithoutLimitsIsUnlimited()
    {
        var project = Shop();
        var plan = new ComposePlan("shop",
        [
            new PlanStep(PlanObject.Container, PlanAction.Recreate, "service:db:1", "shop-db-1", "config changed") { Service = "db", Number = 1, ExistingId = "old" },
            new PlanStep(PlanObject.Container, PlanAction.Keep, "service:api:1", "shop-api-1", "up to date") { Service = "api", Number = 1, ExistingId = "a" },
            new PlanStep(PlanObject.Container, PlanAction.Remove, "service:web:2", "shop-web-2", "scale down to 1") { Service = "web", Number = 2, ExistingId = "w2" },
        ]);
        var admitted = Admitted(project, memory: 64 * MiB, nanoCpus: 0);

        var demand = StackQuota.DemandOf(plan, admitted, releasedMemory: 96 * MiB, releasedNanoCpus: 0);

        Assert.Equal(-1, demand.Containers);
        Assert.Equal(-32 * MiB, demand.MemoryBytes);
        Assert.True(demand.UnlimitedCpus);
        Assert.Equal(0, demand.Volumes);
    }

    [Fact]
    public void ResolveBinds_RelativeSourcesLandUnderTheStackFolder_AbsoluteOnesStay()
    {
        var project = WithVolumes(Shop(), "db", new ComposeMount("bind", "./data", "/data", false, null), new ComposeMount("bind", "/srv/x", "/x", true, null));

        var resolved = StackFolder.ResolveBinds(project, "/var/lib/portal/stacks/shop/");

        var mounts = resolved.Service("db")!.Volumes.Where(m => m.Type == "bind").Select(m => m.Source).ToList();
        Assert.Equal(["/var/lib/portal/stacks/shop/data", "/srv/x"], mounts);
        Assert.False(StackFolder.HasRelativeBinds(resolved));
        Assert.Equal("/var/lib/portal/stacks/shop", StackFolder.Of("/var/lib/portal/stacks", "shop"));
    }

    [Theory]
    [InlineData("../other")]
    [InlineData("./data/../../other")]
    public void ResolveBinds_SourceClimbingOutOfTheFolder_IsInvalid(string source)
    {
        var project = WithVolumes(Shop(), "db", new ComposeMount("bind", source, "/data", false, null));

        var ex = Assert.Throws<OperationFailedException>(() => StackFolder.ResolveBinds(project, "/var/lib/portal/stacks/shop"));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Equal($"services.db.volumes: bind source '{source}' leaves the stack's folder; relative sources must stay under it.", ex.Message);
    }

    [Theory]
    [InlineData(null, ComposePullPolicy.Missing)]
    [InlineData("missing", ComposePullPolicy.Missing)]
    [InlineData("if_not_present", ComposePullPolicy.Missing)]
    [InlineData("daily", ComposePullPolicy.Missing)]
    [InlineData("always", ComposePullPolicy.Always)]
    [InlineData("Never", ComposePullPolicy.Never)]
    [InlineData("build", ComposePullPolicy.Build)]
    public void PullPolicy_ReadsEveryForm(string? value, ComposePullPolicy expected) =>
        Assert.Equal(expected, ComposePullPolicies.Of(new ComposeService { Name = "s", Json = [], PullPolicy = value }));

    private static Dictionary<string, ContainerSpec> Admitted(ComposeProject project, long memory, long nanoCpus) =>
        project.Services.ToDictionary(s => s.Name, s => ComposeSpecs.ToSpec(project, s, 1, "team-a", new Dictionary<string, string>()) with { MemoryBytes = memory, NanoCpus = nanoCpus });

    private static ComposeProject WithVolumes(ComposeProject project, string service, params ComposeMount[] mounts) => project with
    {
        Services = [.. project.Services.Select(s => s.Name == service ? s with { Volumes = mounts } : s)],
    };
}
