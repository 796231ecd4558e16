using Portal.Engine.Images.Build;

namespace Portal.Engine.Tests.Images.Build;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("secret.txt", "secret.txt", true)]
    [InlineData("/secret.txt", "secret.txt", true)]
    [InlineData("secret.txt", "sub/secret.txt", false)]
    [InlineData("*.log", "a.log", true)]
    [InlineData("*.log", "sub/a.log", false)]
    [InlineData("**/*.log", "sub/deep/a.log", true)]
    [InlineData("**/*.log", "a.log", true)]
    [InlineData("node_modules", "node_modules/x/y.js", true)]
    [InlineData("docs/**", "docs/a/b.md", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a/c", false)]
    [InlineData("# comment", "# comment", false)]
    [InlineData("a.b", "axb", false)]
    public void IsExcluded_OnePattern(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, new DockerIgnore(pattern).IsExcluded(path));

    [Fact]
    public void Exception_ReincludesAndLastMatchWins()
    {
        var ignore = new DockerIgnore("*.md\n!README.md\n\n# keep notes out\nnotes/\n!notes/keep.txt\n");

        Assert.True(ignore.IsExcluded("CHANGES.md"));
        Assert.False(ignore.IsExcluded("README.md"));
        Assert.True(ignore.IsExcluded("notes/a.txt"));
        Assert.False(ignore.IsExcluded("notes/keep.txt"));
        Assert.False(ignore.IsExcluded("src/app.cs"));
    }

    [Fact]
    public void Empty_ExcludesNothing() => Assert.False(new DockerIgnore(null).IsExcluded("anything"));
}
