using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Compose;

public sealed class ComposePlannerTests
{
    private const string ImageId = "sha256:1111";
    private static readonly Dictionary<string, string> s_images = new() { ["portal-test/busybox:latest"] = ImageId };

    [Fact]
    public void Plan_EmptyEngine_CreatesEverythingInDependencyOrder()
    {
        var plan = ComposePlanner.Plan(ComposeModelBinder.Bind(ComposeDocuments.ThreeTier()), ObservedProject.Empty, s_images);

        Assert.Equal("""
            plan for project shop:
            create   network:front  shop_front  (not on the engine)
            create   network:back   shop_back   (not on the engine)
            create   volume:data    shop_data   (not on the engine)
            create   service:db:1   shop-db-1   (no existing container)
            create   service:api:1  shop-api-1  (no existing container)
            create   service:web:1  shop-web-1  (no existing container)
            """.ReplaceLineEndings("\n"), plan.Render());
    }

    [Fact]
    public void Plan_SameModelAndMatchingHashes_KeepsEverything()
    {
        var project = ComposeModelBinder.Bind(ComposeDocuments.ThreeTier());

        var plan = ComposePlanner.Plan(project, Running(project), s_images);

        Assert.True(plan.IsNoop, plan.Render());
        Assert.All(plan.Steps, s => Assert.Equal(PlanAction.Keep, s.Action));
        Assert.Equal(6, plan.Steps.Count);
    }

    [Fact]
    public void Plan_EnvChangeOfOneService_RecreatesItAndRestartsDependentsThatAskForIt()
    {
        var deployed = ComposeModelBinder.Bind(ComposeDocuments.ThreeTier("one"));
        var changed = ComposeModelBinder.Bind(ComposeDocuments.ThreeTier("two"));

        var plan = ComposePlanner.Plan(changed, Running(deployed), s_images);

        Assert.Equal((PlanAction.Recreate, "config changed"), Step(plan, "db"));
        // api declares depends_on.db.restart: true, so compose restarts it; web only depends on api: kept.
        Assert.Equal((PlanAction.Restart, "dependency db recreated"), Step(plan, "api"));
        Assert.Equal((PlanAction.Keep, "up to date"), Step(plan, "web"));
    }

    [Fact]
    public void Plan_ServiceSharingANamespace_IsRecreatedWithItsParent()
    {
        var deployedDoc = ComposeDocuments.ThreeTier("one");
        var changedDoc = ComposeDocuments.ThreeTier("two");
        foreach (var doc in new[] { deployedDoc, changedDoc })
        {
            var sidecar = new System.Text.Json.Nodes.JsonObject { ["image"] = "portal-test/busybox:latest", ["network_mode"] = "service:db" };
            doc["services"]!.AsObject()["sidecar"] = sidecar;
        }

        var deployed = ComposeModelBinder.Bind(deployedDoc);
        var plan = ComposePlanner.Plan(ComposeModelBinder.Bind(changedDoc), Running(deployed), s_images);

        Assert.Equal((PlanAction.Recreate, "dependency db recreated"), Step(plan, "sidecar"));
    }

    [Fact]
    public void Plan_NewImageId_RecreatesWithImageChanged()
    {
        var project = ComposeModelBinder.Bind(ComposeDocuments.ThreeTier());

        var plan = ComposePlanner.Plan(project, Running(project), new Dictionary<string, string> { ["portal-test/busybox:latest"] = "sha256:2222" });

        Assert.All(plan.Steps.Where(s => s.Object == PlanObject.Container), s => Assert.Equal((PlanAction.Recreate, "image changed"), (s.Action, s.Cause)));
    }

    [Fact]
    public void Plan_ScaleUpThenDown_CreatesNextNumbersAndRemovesHighest()
    {
        var project = ComposeModelBinder.Bind(ComposeDocuments.ThreeTier());
        var observed = Running(project);

        var up = ComposePlanner.Plan(project, observed, s_images, new PlanOptions { Scale = new Dictionary<string, int> { ["web"] = 3 } });
        Assert.Equal(["shop-web-2", "shop-web-3"], up.ForService("web").Where(s => s.Action == PlanAction.Create).Select(s => s.Name));
        Assert.All(up.ForService("web").Where(s => s.Action == PlanAction.Create), s => Assert.Equal("scale up to 3", s.Cause));

        var three = observed with { Containers = [.. observed.Containers, Container(project, "web", 2), Container(project, "web", 3)] };
        var down = ComposePlanner.Plan(project, three, s_images, new PlanOptions { Scale = new Dictionary<string, int> { ["web"] = 1 } });
        Assert.Equal(["keep service:web:1", "remove service:web:2", "remove service:web:3"],
            down.ForService("web").Select(s => $"{s.Action.ToString().ToLowerInvariant()} {s.Resource}"));
    }

    [Fact]
    public void Plan_OrphanServiceAndUnusedNetwork_AreRemovedAfterwards()
    {
        var project = ComposeModelBinder.Bind(ComposeDocuments.ThreeTier());
        var observed = Running(project);
        observed = observed with
        {
            Containers = [.. observed.Containers, new ObservedContainer("old1", "shop-cache-1", "cache", 1, "x", ImageId, "running")],
            Networks = [.. observed.Networks, new ObservedNetwork("n-old", "shop_legacy", "legacy")],
        };

        var plan = ComposePlanner.Plan(project, observed, s_images);

        Assert.Equal(["remove service:cache:1 (orphan: service cache is no longer in the project)", "remove network:legacy (no longer used by the project)"],
            plan.Steps.TakeLast(2).Select(s => $"remove {s.Resource} ({s.Cause})"));
        Assert.DoesNotContain(ComposePlanner.Plan(project, observed, s_images, new PlanOptions { RemoveOrphans = false }).Steps, s => s.Action == PlanAction.Remove);
    }

    [Fact]
    public void Plan_StoppedContainer_IsStarted()
    {
        var project = ComposeModelBinder.Bind(ComposeDocuments.ThreeTier());
        var observed = Running(project);
        observed = observed with { Containers = [.. observed.Containers.Select(c => c.Service == "web" ? c with { State = "exited" } : c)] };

        var plan = ComposePlanner.Plan(project, observed, s_images);

        Assert.Equal((PlanAction.Start, "exited, not running"), Step(plan, "web"));
    }

    [Fact]
    public void Plan_DependencyCycle_IsInvalidAndNamesIt()
    {
        var doc = ComposeDocuments.ThreeTier();
        doc["services"]!["db"]!.AsObject()["depends_on"] = new System.Text.Json.Nodes.JsonArray("web");

        var ex = Assert.Throws<OperationFailedException>(() => ComposeModelBinder.Bind(doc));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains("dependency cycle: db -> web -> api -> db", ex.Message, StringComparison.Ordinal);
    }

    private static (PlanAction, string) Step(ComposePlan plan, string service)
    {
        var step = Assert.Single(plan.ForService(service));
        return (step.Action, step.Cause);
    }

    private static ObservedProject Running(ComposeProject project) => new(
        [.. project.Services.Select(s => Container(project, s.Name, 1))],
        [.. project.Networks.Values.Select(n => new ObservedNetwork("id-" + n.Key, n.Name, n.Key))],
        [.. project.Volumes.Values.Select(v => new ObservedVolume(v.Name, v.Key))]);

    private static ObservedContainer Container(ComposeProject project, string service, int number) =>
        new($"{service}{number}", $"{project.Name}-{service}-{number}", service, number, ComposeHash.Service(project.Service(service)!), ImageId, "running");
}
