using Portal.Engine.Registries;

namespace Portal.Engine.Tests.Registries;

public sealed class RegistryChallengeTests
{
    [Fact]
    public void Parse_DockerHubBearer_RealmServiceScope()
    {
        var c = RegistryChallenge.Parse("""Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull" """);

        Assert.NotNull(c);
        Assert.True(c.IsBearer);
        Assert.Equal(("https://auth.docker.io/token", "registry.docker.io", "repository:library/busybox:pull"), (c.Realm, c.Service, c.Scope));
        Assert.Equal("https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fbusybox%3Apull", c.TokenUri()!.AbsoluteUri);
    }

    [Theory]
    [InlineData("""Basic realm="Registry Realm" """, "Basic", false)]
    [InlineData("bearer realm=http://127.0.0.1:5001/auth", "bearer", true)]
    [InlineData("Bearer", "Bearer", true)]
    public void Parse_SchemesAndBareValues(string header, string scheme, bool bearer)
    {
        var c = RegistryChallenge.Parse(header)!;

        Assert.Equal((scheme, bearer), (c.Scheme, c.IsBearer));
    }

    [Theory]
    [InlineData("""Bearer realm="http://127.0.0.1:5001/auth?x=1",service="reg" """, "http://127.0.0.1:5001/auth?x=1&service=reg")]
    [InlineData("""Bearer service="reg" """, null)]
    [InlineData("""Bearer realm="file:///etc/passwd" """, null)]
    [InlineData("""Basic realm="http://127.0.0.1/" """, null)]
    public void TokenUri_OnlyForHttpRealmsOfBearerChallenges(string header, string? expected)
    {
        Assert.Equal(expected, RegistryChallenge.Parse(header)!.TokenUri()?.AbsoluteUri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Parse_Empty_IsNull(string? header) => Assert.Null(RegistryChallenge.Parse(header));
}
