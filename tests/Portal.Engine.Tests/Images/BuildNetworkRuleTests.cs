using Portal.Data.Entities;
using Portal.Engine.Images;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Images;

/// <summary>The one rule the build form and compose's <c>build.network</c> share.</summary>
public sealed class BuildNetworkRuleTests
{
    private static readonly Actor s_operator = new("u", "ann", IsAdmin: false, new Dictionary<string, TeamRole> { ["blue"] = TeamRole.Operator });
    private static readonly Actor s_admin = new("a", "root", IsAdmin: true, new Dictionary<string, TeamRole>());

    [Theory]
    [InlineData("host")]
    [InlineData(" host ")]
    [InlineData("container:db")]
    public void HostNamespaces_RefusedForNonAdmins_AllowedForAdmins(string network)
    {
        Assert.Equal($"a build on network '{network.Trim()}' would reach the host; only administrators may.", ImageBuilds.NetworkRefusal(s_operator, network));
        Assert.Null(ImageBuilds.NetworkRefusal(s_admin, network));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bridge")]
    [InlineData("none")]
    public void OtherNetworks_Allowed(string? network) => Assert.Null(ImageBuilds.NetworkRefusal(s_operator, network));
}
