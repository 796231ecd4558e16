using Portal.Engine.Images.Build;

namespace Portal.Engine.Tests.Images.Build;

public sealed class DockerfileLabelsTests
{
    private static readonly Dictionary<string, string> s_labels = new() { ["io.portal.team"] = "blue team", ["app"] = "" };

    [Theory]
    [InlineData("FROM x\nRUN true\n", "FROM x\nRUN true\n")]
    [InlineData("FROM x\r\nRUN true", "FROM x\r\nRUN true\n")]
    [InlineData("FROM x AS a\nFROM a\n# done\n\n", "FROM x AS a\nFROM a\n# done\n\n")]
    public void Append_OneSortedQuotedLineAtTheEnd(string dockerfile, string kept)
    {
        var result = DockerfileLabels.Append(dockerfile, s_labels);

        Assert.Equal(kept + "LABEL \"app\"=\"\" \"io.portal.team\"=\"blue team\"\n", result);
    }

    [Theory]
    [InlineData("FROM x\nRUN echo a \\\n")]
    [InlineData("# escape=`\nFROM x\nRUN echo a `  \n")]
    [InlineData("FROM x\n# a comment does not continue, but is not worth telling apart \\\n")]
    public void Append_LastLineContinues_Null(string dockerfile) => Assert.Null(DockerfileLabels.Append(dockerfile, s_labels));

    [Theory]
    [InlineData("k", "a\"b")]
    [InlineData("k", "$HOME")]
    [InlineData("k", "a\\b")]
    [InlineData("k", "a`b")]
    [InlineData("k", "line\nbreak")]
    [InlineData("a=b", "v")]
    [InlineData("a b", "v")]
    [InlineData("a\"b", "v")]
    public void Append_TextThatWouldNeedEscaping_Null(string key, string value) =>
        Assert.Null(DockerfileLabels.Append("FROM x\n", new Dictionary<string, string> { [key] = value }));

    [Fact]
    public void Append_NoLabelsOrTooLarge_Null()
    {
        Assert.Null(DockerfileLabels.Append("FROM x\n", new Dictionary<string, string>()));
        Assert.Null(DockerfileLabels.Append("FROM x\n" + new string('#', DockerfileLabels.MaxDockerfileBytes), s_labels));
    }
}
