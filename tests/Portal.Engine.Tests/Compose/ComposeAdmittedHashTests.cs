using Portal.Engine.Admission;
using System.Text.Json.Nodes;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Compose.Stacks;

namespace Portal.Engine.Tests.Compose;

/// <summary>The config hash covers what Portal creates: the service as loaded plus the admission-applied default memory limit.</summary>
public sealed class ComposeAdmittedHashTests
{
    private const long Mi64 = 64L << 20;
    private const string ImageId = "sha256:1111";
    private static readonly Dictionary<string, string> s_images = new() { ["x"] = ImageId };

    [Fact]
    public void Hash_WithoutAdmissionChange_IsComposesOwn_WithADefault_DiffersPerDefault_AndEqualsAnExplicitLimit()
    {
        var plain = Project(null);
        var service = plain.Service("app")!;

        Assert.Equal(ComposeHash.Service(service), ComposeHash.Service(service, AdmittedChanges.None));
        var with64 = ComposeHash.Service(service, new AdmittedChanges(Mi64));
        var with128 = ComposeHash.Service(service, new AdmittedChanges(2 * Mi64));
        Assert.NotEqual(ComposeHash.Service(service), with64);
        Assert.NotEqual(with64, with128);
        // The same container either way: a default of 64 MiB hashes like a file that asks for 67108864 bytes.
        Assert.Equal(with64, ComposeHash.Service(Project(Mi64.ToString(System.Globalization.CultureInfo.InvariantCulture)).Service("app")!));
    }

    [Fact]
    public void AdmittedChanges_OnlyTheDefaultAdmissionAdded_RoundTripThroughTheLabel()
    {
        var service = Project(null).Service("app")!;
        var limited = Project("32m").Service("app")!;
        var spec = new ContainerSpec { Image = "x", MemoryBytes = Mi64 };

        Assert.Equal(new AdmittedChanges(Mi64), AdmittedChanges.Of(service, spec));
        Assert.Equal(AdmittedChanges.None, AdmittedChanges.Of(limited, spec with { MemoryBytes = 32L << 20 }));
        Assert.Equal(AdmittedChanges.None, AdmittedChanges.Of(service, spec with { MemoryBytes = 0 }));
        Assert.Equal("memory=67108864", new AdmittedChanges(Mi64).ToLabel());
        Assert.Equal(new AdmittedChanges(Mi64), AdmittedChanges.Parse("memory=67108864"));
        Assert.Equal(AdmittedChanges.None, AdmittedChanges.Parse(null));
        Assert.Equal(AdmittedChanges.None, AdmittedChanges.Parse("memory=lots"));
    }

    [Fact]
    public void Plan_DefaultLimitChanged_RecreatesNamingTheAdmissionChange_UnchangedKeeps()
    {
        var project = Project(null);
        var deployed = Observed(project, new AdmittedChanges(Mi64));

        var same = ComposePlanner.Plan(project, deployed, s_images, null, Changes(new AdmittedChanges(Mi64)));
        var raised = ComposePlanner.Plan(project, deployed, s_images, null, Changes(new AdmittedChanges(2 * Mi64)));
        var dropped = ComposePlanner.Plan(project, deployed, s_images, null, Changes(AdmittedChanges.None));

        Assert.True(same.IsNoop, same.Render());
        Assert.Equal($"""
            plan for project p:
            keep     network:default  p_default  (exists)
            recreate service:app:1    p-app-1    (admission changed: default memory limit 64 MiB -> default memory limit 128 MiB)
            """.ReplaceLineEndings("\n"), raised.Render());
        Assert.Equal("admission changed: default memory limit 64 MiB -> no default memory limit", Assert.Single(dropped.ForService("app")).Cause);
    }

    [Fact]
    public void Plan_ContainerFromBeforeTheDefault_AndAModelChange_AreToldApart()
    {
        var project = Project(null);
        var beforeDefault = Observed(project, AdmittedChanges.None);
        var fromOtherModel = Observed(Project(null, "v2"), new AdmittedChanges(Mi64));

        var newDefault = ComposePlanner.Plan(project, beforeDefault, s_images, null, Changes(new AdmittedChanges(Mi64)));
        var modelChanged = ComposePlanner.Plan(project, fromOtherModel, s_images, null, Changes(new AdmittedChanges(Mi64)));

        Assert.Equal("admission changed: no default memory limit -> default memory limit 64 MiB", Assert.Single(newDefault.ForService("app")).Cause);
        Assert.Equal((PlanAction.Recreate, "config changed"), (Assert.Single(modelChanged.ForService("app")).Action, Assert.Single(modelChanged.ForService("app")).Cause));
    }

    [Fact]
    public void StartDemand_AddsTheStoppedContainersLimits_NoContainers_UnlimitedWhenOneHasNone()
    {
        var demand = StackQuota.StartDemand([(32L << 20, 500_000_000L), (16L << 20, 250_000_000L)]);
        Assert.Equal(new Portal.Engine.Quotas.QuotaDemand(0, 48L << 20, 750_000_000L, 0, false, false), demand);

        var unlimited = StackQuota.StartDemand([(32L << 20, 0L), (0L, 1L)]);
        Assert.True(unlimited.UnlimitedMemory);
        Assert.True(unlimited.UnlimitedCpus);
    }

    private static ComposeProject Project(string? memory, string greeting = "v1")
    {
        var app = new JsonObject { ["image"] = "x", ["environment"] = new JsonObject { ["GREETING"] = greeting } };
        if (memory is not null)
        {
            app["deploy"] = new JsonObject { ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = memory } } };
        }

        return ComposeModelBinder.Bind(new JsonObject { ["name"] = "p", ["services"] = new JsonObject { ["app"] = app } });
    }

    private static Dictionary<string, AdmittedChanges> Changes(AdmittedChanges app) => new() { ["app"] = app };

    private static ObservedProject Observed(ComposeProject project, AdmittedChanges admitted) => new(
        [new ObservedContainer("c1", "p-app-1", "app", 1, ComposeHash.Service(project.Service("app")!, admitted), ImageId, "running", null, admitted.IsEmpty ? null : admitted.ToLabel())],
        [new ObservedNetwork("n1", "p_default", "default")], []);
}
