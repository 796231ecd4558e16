using Portal.Engine.Containers;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Containers;

public sealed class RunRequestParserTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

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
    [InlineData("busybox")]
    [InlineData("busybox:latest")]
    [InlineData("busybox:1.36.1-musl")]
    [InlineData("portal-test/busybox:latest")]
    [InlineData("library/busybox")]
    [InlineData("my_image")]
    [InlineData("my__image")]
    [InlineData("my-image---x")]
    [InlineData("a.b/c")]
    [InlineData("registry:5000/app:1.2")]
    [InlineData("127.0.0.1:5000/team/app:v2")]
    [InlineData("localhost/a/b/c:Tag_1")]
    [InlineData("registry.example.com/app@" + Digest)]
    [InlineData("busybox:latest@" + Digest)]
    [InlineData("UPPER-HOST.example:443/app")]
    public void IsValidImageReference_WellFormed_True(string reference)
    {
        Assert.True(RunRequestParser.IsValidImageReference(reference));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Busybox")]
    [InlineData("busybox:")]
    [InlineData(":latest")]
    [InlineData("busybox:-tag")]
    [InlineData("busybox:.tag")]
    [InlineData("busybox@sha256:1234")]
    [InlineData("busybox@md5:" + "0123456789abcdef0123456789abcdef")]
    [InlineData("a//b")]
    [InlineData("/busybox")]
    [InlineData("busybox/")]
    [InlineData("-busybox")]
    [InlineData("busybox_")]
    [InlineData("busy box")]
    [InlineData("http://registry/app")]
    [InlineData("a:b:c")]
    [InlineData("busybox:tag/extra")]
    public void IsValidImageReference_Malformed_False(string reference)
    {
        Assert.False(RunRequestParser.IsValidImageReference(reference));
    }

    [Fact]
    public void IsValidImageReference_TagLongerThan128_False()
    {
        Assert.False(RunRequestParser.IsValidImageReference("busybox:" + new string('t', 129)));
        Assert.True(RunRequestParser.IsValidImageReference("busybox:" + new string('t', 128)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Not/Valid")]
    [InlineData("bad image")]
    public void Parse_InvalidImage_InvalidNamingTheReference(string image)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.Parse(new RunContainerRequest { Image = image }, null));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains("is not a valid image reference", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("io.portal.team")]
    [InlineData("io.portal.owner")]
    [InlineData("io.portal.self")]
    [InlineData("io.portal.anything")]
    public void Parse_ReservedLabel_Invalid(string key)
    {
        var request = new RunContainerRequest { Image = "busybox", Labels = new Dictionary<string, string> { [key] = "x" } };

        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.Parse(request, "team"));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains($"Label '{key}' is reserved", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Parse_EmptyLabelName_Invalid(string key)
    {
        var request = new RunContainerRequest { Image = "busybox", Labels = new Dictionary<string, string> { [key] = "x" } };

        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.Parse(request, null));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
    }

    [Theory]
    [InlineData("io.portalx")]
    [InlineData("io.portal")]
    [InlineData("com.example.io.portal.team")]
    [InlineData("portal-test.session")]
    public void Parse_LabelOutsideReservedPrefix_Kept(string key)
    {
        var request = new RunContainerRequest { Image = "busybox", Labels = new Dictionary<string, string> { [key] = "v" } };

        var spec = RunRequestParser.Parse(request, "team");

        Assert.Equal("v", spec.Labels[key]);
    }

    [Theory]
    [InlineData("/etc:/data")]
    [InlineData("/:/host")]
    [InlineData("./src:/src")]
    [InlineData("../x:/x")]
    [InlineData("~/x:/x")]
    [InlineData("/var/run/docker.sock:/var/run/docker.sock:ro")]
    public void Parse_VolumeNamingHostPath_Invalid(string volume)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Volumes = [volume] }, null));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains("names a host path", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("data:relative")]
    [InlineData("data:/x:rx")]
    [InlineData(":/x")]
    [InlineData("a:/b:ro:extra")]
    [InlineData("bad$name:/x")]
    public void Parse_MalformedVolume_Invalid(string volume)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Volumes = [volume] }, null));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
    }

    [Theory]
    [InlineData("data:/data")]
    [InlineData("data:/data:ro")]
    [InlineData("my-vol.1_x:/var/lib/x:rw")]
    public void Parse_NamedVolume_Kept(string volume)
    {
        var spec = RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Volumes = [volume] }, null);

        Assert.Equal(volume, Assert.Single(spec.Volumes));
        Assert.Empty(spec.Binds);
    }

    [Theory]
    [InlineData("-leading-dash")]
    [InlineData(".hidden")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    public void Parse_InvalidContainerName_Invalid(string name)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Name = name }, null));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Contains("is not a valid container name", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("=value")]
    public void Parse_MalformedEnv_Invalid(string env)
    {
        var ex = Assert.Throws<OperationFailedException>(() => RunRequestParser.Parse(new RunContainerRequest { Image = "busybox", Env = [env] }, null));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
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
