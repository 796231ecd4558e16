using System.Text.Json;
using Portal.Data.Entities;
using Portal.Engine.Access;
using Portal.Engine.DiskUsage;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Admission;
using Portal.Engine.Volumes;

namespace Portal.Engine.Tests.Volumes;

public sealed class VolumeRulesTests
{
    private static readonly Actor s_admin = new("a", "admin", true, new Dictionary<string, TeamRole>());
    private static readonly Actor s_opA = new("1", "op-a", false, new Dictionary<string, TeamRole> { ["a"] = TeamRole.Operator });
    /// <summary>The volume rules through the entry point, as a volume create asks.</summary>
    private static void Admit(Actor actor, CreateVolumeRequest request) =>
        new AdmissionPolicy([new LocalVolumesOnlyRule(), new NoVolumeDriverOptionsRule()], null!)
            .Admit(actor, new VolumeCreateAdmission(request.Driver, request.DriverOptions), PolicySettings.Default);

    private static readonly Actor s_viewerA = new("2", "viewer-a", false, new Dictionary<string, TeamRole> { ["a"] = TeamRole.Viewer });

    [Theory]
    [InlineData("o", "bind", "bind a host path")]
    [InlineData("o", "rw,rbind", "bind a host path")]
    [InlineData("device", "/etc", "bind a host path")]
    [InlineData("type", "tmpfs", "Volume driver options (type=tmpfs)")]
    public void DriverOptions_NonAdmin_RefusedByRule(string key, string value, string message)
    {
        var request = new CreateVolumeRequest { Name = "v1", DriverOptions = new Dictionary<string, string> { [key] = value } };

        var ex = Assert.Throws<OperationFailedException>(() => Admit(s_opA, request));

        Assert.Equal((OperationOutcome.Forbidden, NoVolumeDriverOptionsRule.RuleName), (ex.Outcome, ex.Rule));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Admit(s_admin, request);
    }

    [Fact]
    public void OtherDriver_NonAdmin_Refused_LocalWithoutOptions_Admitted()
    {
        Assert.Equal(LocalVolumesOnlyRule.RuleName, Assert.Throws<OperationFailedException>(() => Admit(s_opA, new CreateVolumeRequest { Name = "v", Driver = "nfs" })).Rule);
        Admit(s_opA, new CreateVolumeRequest { Name = "v", Driver = "local" });
        Admit(s_opA, new CreateVolumeRequest { Name = "v" });
    }

    [Fact]
    public void Access_OtherTeamNotFound_ViewerReadOnly()
    {
        Assert.Equal(OperationOutcome.NotFound, Assert.Throws<OperationFailedException>(() => VolumeAccess.Check(s_opA, "b", write: false, "v")).Outcome);
        Assert.Equal(OperationOutcome.NotFound, Assert.Throws<OperationFailedException>(() => VolumeAccess.Check(s_opA, null, write: false, "v")).Outcome);
        VolumeAccess.Check(s_viewerA, "a", write: false, "v");
        Assert.Equal(OperationOutcome.Forbidden, Assert.Throws<OperationFailedException>(() => VolumeAccess.Check(s_viewerA, "a", write: true, "v")).Outcome);
        VolumeAccess.Check(s_admin, null, write: true, "v");
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("a/b/", "/a/b")]
    [InlineData("./a//b/.", "/a/b")]
    [InlineData("\\a\\b", "/a/b")]
    public void NormalizePath_RootsAtTheVolume(string? path, string expected) =>
        Assert.Equal(expected, VolumeBrowser.NormalizePath(path));

    [Theory]
    [InlineData("..")]
    [InlineData("/a/../../etc")]
    public void NormalizePath_ParentSteps_Invalid(string path) =>
        Assert.Equal(OperationOutcome.Invalid, Assert.Throws<OperationFailedException>(() => VolumeBrowser.NormalizePath(path)).Outcome);

    [Fact]
    public void DiskUsage_LegacyDocument_ParsedAndFilteredByTeam()
    {
        using var doc = JsonDocument.Parse("""
            {"LayersSize": 5000,
             "Images": [{"Id": "sha256:1", "Size": 3000, "SharedSize": 1000, "Containers": 0, "Labels": null}],
             "Containers": [{"Id": "c1", "SizeRw": 100, "State": "exited", "Labels": {"io.portal.team": "a"}, "Mounts": [{"Type": "volume", "Name": "v1"}]},
                            {"Id": "c2", "SizeRw": 900, "State": "running", "Labels": {"io.portal.team": "b"}, "Mounts": [{"Type": "volume", "Name": "v3"}, {"Type": "bind", "Source": "/x"}]}],
             "Volumes": [{"Name": "v1", "Labels": {"io.portal.team": "a"}, "UsageData": {"Size": 42, "RefCount": 1}},
                         {"Name": "v2", "Labels": null, "UsageData": {"Size": -1, "RefCount": 0}},
                         {"Name": "v3", "Labels": {"io.portal.team": "a"}, "UsageData": {"Size": 10, "RefCount": 1}}],
             "BuildCache": [{"ID": "b1", "Size": 7, "InUse": false}]}
            """);
        var data = EngineDiskUsage.Parse(doc.RootElement);

        var mine = DiskUsageOperations.Summarize(s_opA, data);
        Assert.Equal(["Containers", "Local volumes"], mine.Categories.Select(c => c.Type));
        Assert.Equal((1, 0, 100L, 100L), (mine.Categories[0].Total, mine.Categories[0].Active, mine.Categories[0].Size, mine.Categories[0].Reclaimable));
        // v3 is team a's, but only team b's container uses it: to team a it is unused.
        Assert.Equal((2, 1, 52L, 10L), (mine.Categories[1].Total, mine.Categories[1].Active, mine.Categories[1].Size, mine.Categories[1].Reclaimable));
        Assert.Equal([PruneScope.Containers, PruneScope.Volumes, PruneScope.Networks], mine.AllowedPrunes);

        var all = DiskUsageOperations.Summarize(s_admin, data);
        Assert.Equal(["Images", "Containers", "Local volumes", "Build cache"], all.Categories.Select(c => c.Type));
        Assert.Equal((5000L, 2000L), (all.Categories[0].Size, all.Categories[0].Reclaimable));
        Assert.Equal((3, 2), (all.Categories[2].Total, all.Categories[2].Active));
        Assert.Empty(DiskUsageOperations.AllowedPrunes(s_viewerA));
    }
}
