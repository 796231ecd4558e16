using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Tests.Compose;

public sealed class DotEnvParserTests
{
    private static OrderedDictionary<string, string> Parse(string text, Dictionary<string, string>? outer = null) =>
        DotEnvParser.Parse(text, n => outer?.GetValueOrDefault(n));

    [Theory]
    [InlineData("A=1", "1")]
    [InlineData("A = 1 ", "1")]
    [InlineData("export A=1", "1")]
    [InlineData("A=", "")]
    [InlineData("A=''", "")]
    [InlineData("A=\"\"", "")]
    [InlineData("A='single $NOPE \\n'", "single $NOPE \\n")]
    [InlineData("A=\"dq \\\"x\\\" \\\\ \\t\"", "dq \"x\" \\ \t")]
    [InlineData("A=\"line1\\nline2\"", "line1\nline2")]
    [InlineData("A=value # comment", "value")]
    [InlineData("A=val#ue", "val#ue")]
    [InlineData("A='x # y'", "x # y")]
    [InlineData("A=\"x # y\" # real comment", "x # y")]
    [InlineData("A=a=b=c", "a=b=c")]
    [InlineData("A=\"cost \\$5\"", "cost $5")]
    [InlineData("A=$$HOME", "$HOME")]
    public void Parse_Value_IsRead(string line, string expected)
    {
        Assert.Equal(expected, Parse(line)["A"]);
    }

    [Fact]
    public void Parse_File_SkipsCommentsAndBlankLinesAndKeepsOrder()
    {
        var values = Parse("""
            # a comment

            FIRST=1
              # indented comment
            export SECOND=two
            THIRD="three"
            """);

        Assert.Equal(["FIRST", "SECOND", "THIRD"], values.Keys);
        Assert.Equal(["1", "two", "three"], values.Values);
    }

    [Fact]
    public void Parse_Interpolation_UsesEarlierLinesThenOuterVariables()
    {
        var values = Parse("HOST=db\nURL=http://${HOST}:${PORT:-5432}/$NAME\nLIT='${HOST}'", new() { ["NAME"] = "app" });

        Assert.Equal("http://db:5432/app", values["URL"]);
        Assert.Equal("${HOST}", values["LIT"]);
    }

    [Fact]
    public void Parse_DoubleQuotedValue_MaySpanLines()
    {
        var values = Parse("KEY=\"a\nb\"\nNEXT=1");

        Assert.Equal("a\nb", values["KEY"]);
        Assert.Equal("1", values["NEXT"]);
    }

    [Fact]
    public void Parse_BareName_InheritsOuterValueOrIsLeftOut()
    {
        var values = Parse("KNOWN\nUNKNOWN\n", new() { ["KNOWN"] = "k" });

        Assert.Equal("k", values["KNOWN"]);
        Assert.False(values.ContainsKey("UNKNOWN"));
    }

    [Fact]
    public void Parse_ByteOrderMark_IsIgnored()
    {
        Assert.Equal("1", Parse("\uFEFFA=1")["A"]);
    }

    [Theory]
    [InlineData("A B=1", 1)]
    [InlineData("OK=1\nBAD KEY=2", 2)]
    [InlineData("OK=1\n\nA=\"never closed", 3)]
    [InlineData("A=${B", 1)]
    public void Parse_Malformed_NamesTheLine(string text, int line)
    {
        var ex = Assert.Throws<DotEnvException>(() => Parse(text));

        Assert.Equal(line, ex.Line);
    }
}
