using Docker.DotNet.Models;
using Portal.Data.Entities;
using Portal.Engine.Access;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Tests.Networks;

public sealed class NetworkAccessTests
{
    private static readonly Actor s_admin = new("a", "admin", true, new Dictionary<string, TeamRole>());
    private static readonly Actor s_opA = new("1", "op-a", false, new Dictionary<string, TeamRole> { ["a"] = TeamRole.Operator });
    private static readonly Actor s_viewerA = new("2", "viewer-a", false, new Dictionary<string, TeamRole> { ["a"] = TeamRole.Viewer });
    private static readonly Actor s_opB = new("3", "op-b", false, new Dictionary<string, TeamRole> { ["b"] = TeamRole.Operator });

    private static ResolvedNetwork Net(string name, string? team, bool shared = false) =>
        new("id-" + name, name, team, shared, KnownNetworks.IsBuiltIn(name), new NetworkResponse { Name = name });

    [Theory]
    [InlineData(NetworkUse.Read)]
    [InlineData(NetworkUse.Attach)]
    [InlineData(NetworkUse.Change)]
    public void OtherTeamsNetwork_IsNotFoundForEveryUse(NetworkUse use)
    {
        var ex = Assert.Throws<OperationFailedException>(() => NetworkAccess.Check(s_opB, Net("a-net", "a"), use, "a-net"));

        Assert.Equal(OperationOutcome.NotFound, ex.Outcome);
        Assert.Equal("No network named 'a-net' was found.", ex.Message);
    }

    [Fact]
    public void Viewer_ReadsButCannotAttachOrChange()
    {
        NetworkAccess.Check(s_viewerA, Net("a-net", "a"), NetworkUse.Read, "a-net");

        Assert.Equal(OperationOutcome.Forbidden, Assert.Throws<OperationFailedException>(() => NetworkAccess.Check(s_viewerA, Net("a-net", "a"), NetworkUse.Attach, "a-net")).Outcome);
        Assert.Equal(OperationOutcome.Forbidden, Assert.Throws<OperationFailedException>(() => NetworkAccess.Check(s_viewerA, Net("a-net", "a"), NetworkUse.Change, "a-net")).Outcome);
    }

    [Fact]
    public void BuiltInNetworks_VisibleToAll_ReadOnlyEvenForAdmins()
    {
        NetworkAccess.Check(s_opB, Net("bridge", null), NetworkUse.Read, "bridge");
        NetworkAccess.Check(s_opB, Net("bridge", null), NetworkUse.Attach, "bridge");

        Assert.Equal(OperationOutcome.Forbidden, Assert.Throws<OperationFailedException>(() => NetworkAccess.Check(s_admin, Net("bridge", null), NetworkUse.Change, "bridge")).Outcome);
        Assert.Equal(OperationOutcome.Forbidden, Assert.Throws<OperationFailedException>(() => NetworkAccess.Check(s_opB, Net("none", null), NetworkUse.Change, "none")).Outcome);
    }

    [Fact]
    public void HostNetwork_AttachRefusedByRuleForNonAdmins_AllowedForAdmins()
    {
        var ex = Assert.Throws<OperationFailedException>(() => NetworkAccess.Check(s_opA, Net("host", null), NetworkUse.Attach, "host"));

        Assert.Equal((OperationOutcome.Forbidden, NetworkAccess.HostNetworkRule), (ex.Outcome, ex.Rule));
        NetworkAccess.Check(s_admin, Net("host", null), NetworkUse.Attach, "host");
    }

    [Fact]
    public void SharedNetwork_OtherTeamsAttachButOnlyOwnersChange()
    {
        var shared = Net("common", "a", shared: true);

        NetworkAccess.Check(s_opB, shared, NetworkUse.Attach, "common");
        NetworkAccess.Check(s_opA, shared, NetworkUse.Change, "common");
        Assert.Equal(OperationOutcome.Forbidden, Assert.Throws<OperationFailedException>(() => NetworkAccess.Check(s_opB, shared, NetworkUse.Change, "common")).Outcome);
        Assert.Equal(OperationOutcome.Forbidden, Assert.Throws<OperationFailedException>(() => NetworkAccess.Check(s_opB with { ReadOnly = true }, shared, NetworkUse.Attach, "common")).Outcome);
    }

    [Theory]
    [InlineData("op-a", "team-net", "a", false, false, true)]
    [InlineData("op-b", "team-net", "a", false, false, false)]
    [InlineData("viewer-a", "team-net", "a", false, false, false)]
    [InlineData("op-b", "shared-net", "a", true, false, true)]
    [InlineData("op-a", "host", null, false, true, false)]
    [InlineData("admin", "host", null, false, true, true)]
    public void MayAttach_ListedNetwork_MatchesCheck(string who, string name, string? team, bool shared, bool builtIn, bool expected)
    {
        var actor = who switch { "admin" => s_admin, "op-a" => s_opA, "viewer-a" => s_viewerA, _ => s_opB };
        var summary = new NetworkSummary("id-" + name, name, "bridge", "local", null, null, false, false, false, 0, team, null, shared, builtIn, DateTime.UnixEpoch);

        Assert.Equal(expected, summary.MayAttach(actor));
    }
}
