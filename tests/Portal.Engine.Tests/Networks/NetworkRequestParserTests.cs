using Portal.Engine.Containers;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Networks;

public sealed class NetworkRequestParserTests
{
    private static readonly Dictionary<string, string> s_labels = new() { ["io.portal.team"] = "web" };

    [Fact]
    public void Parse_FullRequest_MapsEveryField()
    {
        var p = NetworkRequestParser.Parse(new CreateNetworkRequest
        {
            Name = " app-net ",
            Subnet = "10.30.0.0/24",
            Gateway = "10.30.0.1",
            IpRange = "10.30.0.128/25",
            Internal = true,
            Attachable = true,
            IPv6 = false,
        }, s_labels);

        Assert.Equal(("app-net", "bridge", true, true), (p.Name, p.Driver, p.Internal, p.Attachable));
        var pool = Assert.Single(p.IPAM!.Config!);
        Assert.Equal(("10.30.0.0/24", "10.30.0.128/25", "10.30.0.1"), (pool.Subnet, pool.IPRange, pool.Gateway));
        Assert.Equal("web", p.Labels["io.portal.team"]);
    }

    [Fact]
    public void Parse_NoSubnet_LeavesIpamToTheEngine()
    {
        var p = NetworkRequestParser.Parse(new CreateNetworkRequest { Name = "plain" }, s_labels);

        Assert.Null(p.IPAM);
        Assert.Null(p.Options);
    }

    [Theory]
    [InlineData("", null, null, null, "not a valid network name")]
    [InlineData("-bad", null, null, null, "not a valid network name")]
    [InlineData("host", null, null, null, "reserved by the engine")]
    [InlineData("bridge", null, null, null, "reserved by the engine")]
    [InlineData("n1", "10.30.0.0/33", null, null, "Subnet '10.30.0.0/33' is not valid")]
    [InlineData("n1", "nonsense", null, null, "Subnet 'nonsense' is not valid")]
    [InlineData("n1", null, "10.30.0.1", null, "needs a subnet")]
    [InlineData("n1", "10.30.0.0/24", "10.31.0.1", null, "outside the subnet")]
    [InlineData("n1", "10.30.0.0/24", "gateway", null, "is not an IP address")]
    [InlineData("n1", "10.30.0.0/24", null, "10.31.0.0/25", "not inside the subnet")]
    public void Parse_BadField_InvalidNamingIt(string name, string? subnet, string? gateway, string? range, string message)
    {
        var ex = Assert.Throws<OperationFailedException>(() => NetworkRequestParser.Parse(new CreateNetworkRequest
        {
            Name = name,
            Subnet = subnet,
            Gateway = gateway,
            IpRange = range,
        }, s_labels));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseNames_TrimsDropsBlanksAndDuplicates()
    {
        Assert.Equal(["a", "b"], NetworkRequestParser.ParseNames([" a", "", "b", "a "]));
        Assert.Throws<OperationFailedException>(() => NetworkRequestParser.ParseNames(["bad name"]));
    }

    [Fact]
    public void RunRequest_Networks_FirstIsPrimaryRestConnectedBeforeStart()
    {
        var spec = RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Networks = ["front", "back", "front"] }, "web");

        Assert.Equal(["front", "back"], spec.Networks);
        Assert.Equal("front", ContainerCreation.PrimaryNetwork(spec));
        Assert.Equal(["back"], ContainerCreation.ExtraNetworks(spec));
        var parameters = ContainerCreation.ToParameters(spec, "alice");
        Assert.Equal("front", parameters.HostConfig!.NetworkMode);
        Assert.Equal(["front"], parameters.NetworkingConfig!.EndpointsConfig!.Keys);
    }

    [Fact]
    public void RunRequest_NoNetworks_KeepsEngineDefault()
    {
        var parameters = ContainerCreation.ToParameters(RunRequestParser.Parse(new RunContainerRequest { Image = "busybox" }, "web"), "alice");

        Assert.Null(parameters.HostConfig!.NetworkMode);
        Assert.Null(parameters.NetworkingConfig);
    }

    [Fact]
    public void RunRequest_ResolvedNetworks_AddressedByIdWithTheIdInTheEndpoint()
    {
        var spec = RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Networks = ["front", "back"] }, "web");
        var ids = new Dictionary<string, string> { ["front"] = "f0", ["back"] = "b0" };

        var parameters = ContainerCreation.ToParameters(spec, "alice", ids);

        Assert.Equal("f0", parameters.HostConfig!.NetworkMode);
        var endpoint = Assert.Single(parameters.NetworkingConfig!.EndpointsConfig!);
        Assert.Equal(("f0", "f0"), (endpoint.Key, endpoint.Value.NetworkID));
        Assert.Equal("b0", ContainerCreation.NetworkRef("back", ids));
        Assert.Equal("b0", ContainerCreation.Endpoint("back", ids).NetworkID);
        Assert.Equal("bridge", ContainerCreation.NetworkRef("bridge", ids));
    }

    [Fact]
    public void RunRequest_UserNetworkAsMode_GetsItsEndpointById()
    {
        var spec = RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", NetworkMode = "front" }, "web") with { Networks = ["front"] };

        var parameters = ContainerCreation.ToParameters(spec, "alice", new Dictionary<string, string> { ["front"] = "f0" });

        Assert.Equal("f0", parameters.HostConfig!.NetworkMode);
        Assert.Equal("f0", Assert.Single(parameters.NetworkingConfig!.EndpointsConfig!).Value.NetworkID);
    }
}
