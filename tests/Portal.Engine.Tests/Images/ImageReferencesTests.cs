using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Images;

public sealed class ImageReferencesTests
{
    [Theory]
    [InlineData("app", "app", "latest")]
    [InlineData("team/app:1.0", "team/app", "1.0")]
    [InlineData("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/app", "latest")]
    [InlineData("registry.example.com:443/a/b:v_2-x.y", "registry.example.com:443/a/b", "v_2-x.y")]
    public void ParseTagTarget_Valid_SplitsRepositoryAndTag(string reference, string repository, string tag)
    {
        var parsed = ImageReferences.ParseTagTarget(reference);

        Assert.Equal((repository, tag), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER/case")]
    [InlineData("app:-bad")]
    [InlineData("app@sha256:abc")]
    [InlineData("../app")]
    [InlineData("app:")]
    public void ParseTagTarget_Invalid_Refused(string reference)
    {
        var ex = Assert.Throws<OperationFailedException>(() => ImageReferences.ParseTagTarget(reference));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
    }

    [Theory]
    [InlineData("sha256:0123456789abcdef0123", "0123456789ab")]
    [InlineData("0123456789abcdef", "0123456789ab")]
    [InlineData("abc", "abc")]
    public void ShortId_Ids_TwelveHexCharacters(string id, string expected) => Assert.Equal(expected, ImageReferences.ShortId(id));
}
