using Portal.Engine.Containers;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Containers;

/// <summary>Names and references: images, labels, volumes, container names, environment.</summary>
public sealed partial class RunRequestParserTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

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
}
