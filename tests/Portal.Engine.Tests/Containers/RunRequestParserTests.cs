using Portal.Engine.Admission;
using Portal.Engine.Containers;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Containers;

public sealed partial class RunRequestParserTests
{
    [Theory]
    [InlineData("8080", "127.0.0.1", null, 8080, "tcp")]
    [InlineData("9000:80", "127.0.0.1", 9000, 80, "tcp")]
    [InlineData("53/udp", "127.0.0.1", null, 53, "udp")]
    [InlineData("9000:80/UDP", "127.0.0.1", 9000, 80, "udp")]
    [InlineData("5000:5000/sctp", "127.0.0.1", 5000, 5000, "sctp")]
    [InlineData("0.0.0.0:8080:80", "0.0.0.0", 8080, 80, "tcp")]
    [InlineData("127.0.0.2::80", "127.0.0.2", null, 80, "tcp")]
    [InlineData("[::1]:8080:80", "::1", 8080, 80, "tcp")]
    [InlineData("[::]:8080:80/udp", "::", 8080, 80, "udp")]
    [InlineData("[fe80::1]:80", "fe80::1", null, 80, "tcp")]
    [InlineData(" 65535:1 ", "127.0.0.1", 65535, 1, "tcp")]
    public void ParsePort_ValidSpec_Maps(string text, string hostIp, int? hostPort, int containerPort, string protocol)
    {
        var port = RunRequestParser.ParsePort(text);

        Assert.Equal(new PortMapping(hostIp, hostPort, containerPort, protocol), port);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("+80")]
    [InlineData("80/icmp")]
    [InlineData("8080:")]
    [InlineData("1:2:3:4")]
    [InlineData("localhost:8080:80")]
    [InlineData("999.0.0.1:8080:80")]
    [InlineData("::1:8080:80")]
    [InlineData("[::1]8080:80")]
    [InlineData("[::1:8080:80")]
    [InlineData("[::1]:")]
    [InlineData("[::1]:1:2:3")]
    [InlineData("[nonsense]:8080:80")]
    public void ParsePort_InvalidSpec_Invalid(string text)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.ParsePort(text));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains(text.Trim(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PortWithoutHostAddress_PublishesOnLoopbackOnly()
    {
        var spec = RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Ports = ["8080:80", "", " "] }, "team");

        var port = Assert.Single(spec.Ports);
        Assert.Equal("127.0.0.1", port.HostIp);
    }

    [Theory]
    [InlineData(null, 0L)]
    [InlineData("", 0L)]
    [InlineData("   ", 0L)]
    [InlineData("6m", 6L * 1024 * 1024)]
    [InlineData("256m", 256L * 1024 * 1024)]
    [InlineData("256M", 256L * 1024 * 1024)]
    [InlineData("256mb", 256L * 1024 * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("1.5g", 3L * 512 * 1024 * 1024)]
    [InlineData("1 GB", 1024L * 1024 * 1024)]
    [InlineData("8192k", 8L * 1024 * 1024)]
    [InlineData("7340032", 7340032L)]
    [InlineData("7340032b", 7340032L)]
    [InlineData("256MiB", 256L * 1024 * 1024)]
    [InlineData("256 Mi", 256L * 1024 * 1024)]
    [InlineData("1GiB", 1024L * 1024 * 1024)]
    [InlineData("8192KiB", 8L * 1024 * 1024)]
    public void ParseMemory_ValidSize_Bytes(string? text, long bytes)
    {
        Assert.Equal(bytes, RunRequestParser.ParseMemory(text));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-1m")]
    [InlineData("1t")]
    [InlineData("1.g")]
    [InlineData("m")]
    [InlineData("1,5g")]
    [InlineData("1e9")]
    [InlineData("1ib")]
    [InlineData("1 MiBs")]
    public void ParseMemory_Malformed_InvalidNamingTheValue(string text)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.ParseMemory(text));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains($"Memory '{text}' is not valid", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1k")]
    [InlineData("5m")]
    [InlineData("6291455")]
    public void ParseMemory_BelowKernelMinimum_InvalidTooSmall(string text)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.ParseMemory(text));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains("too small", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "no")]
    [InlineData("", "no")]
    [InlineData("no", "no")]
    [InlineData("always", "always")]
    [InlineData(" Always ", "always")]
    [InlineData("unless-stopped", "unless-stopped")]
    [InlineData("on-failure", "on-failure")]
    [InlineData("on-failure:5", "on-failure:5")]
    [InlineData("on-failure:9999", "on-failure:9999")]
    public void Parse_RestartPolicy_Normalised(string? restart, string expected)
    {
        var spec = RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Restart = restart }, null);

        Assert.Equal(expected, spec.Restart);
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("on-failure:")]
    [InlineData("on-failure:x")]
    [InlineData("on-failure:-1")]
    [InlineData("on-failure:12345")]
    [InlineData("always:3")]
    public void Parse_BadRestartPolicy_Invalid(string restart)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Restart = restart }, null));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains("Restart policy", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(100_000.0)]
    public void Parse_CpusOutOfRange_Invalid(double cpus)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Cpus = cpus }, null));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
    }

    [Fact]
    public void Parse_FullRequest_CarriesEveryField()
    {
        var request = new RunContainerRequest
        {
            Image = " busybox:latest ",
            Name = " web-1 ",
            Command = ["httpd", "", "-f"],
            Env = ["A=1", "B="],
            Ports = ["8080:80"],
            Volumes = ["data:/data"],
            Binds = [" /srv:/srv "],
            Restart = "on-failure:3",
            Memory = "64m",
            Cpus = 0.5,
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            Privileged = true,
            CapAdd = ["NET_ADMIN", ""],
            NetworkMode = " host ",
            PidMode = "",
            Devices = ["/dev/null"],
            SecurityOpt = ["seccomp=unconfined"],
            KeepOnFailure = true,
        };

        var spec = RunRequestParser.Parse(request, "team-x");

        Assert.Equal("busybox:latest", spec.Image);
        Assert.Equal("web-1", spec.Name);
        Assert.Equal(["httpd", "-f"], spec.Command);
        Assert.Equal(["A=1", "B="], spec.Env);
        Assert.Equal(["/srv:/srv"], spec.Binds);
        Assert.Equal(64L * 1024 * 1024, spec.MemoryBytes);
        Assert.Equal(500_000_000L, spec.NanoCpus);
        Assert.Equal("team-x", spec.Team);
        Assert.True(spec.Privileged);
        Assert.Equal(["NET_ADMIN"], spec.CapAdd);
        Assert.Equal("host", spec.NetworkMode);
        Assert.Null(spec.PidMode);
        Assert.True(spec.KeepOnFailure);
    }
}
