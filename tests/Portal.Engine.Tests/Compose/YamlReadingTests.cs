using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Tests.Compose;

public sealed class YamlReadingTests
{
    [Fact]
    public void Load_AnchorAndAlias_CopiesTheValue()
    {
        var doc = ComposeTestFiles.Load("""
            x-env: &env
              A: "1"
            services:
              a: {image: x, environment: *env}
              b: {image: x, environment: *env}
            """).Ok();

        Assert.Equal("""{"A":"1"}""", doc.Service("a")["environment"].Json());
        Assert.Equal("""{"A":"1"}""", doc.Service("b")["environment"].Json());
    }

    [Fact]
    public void Load_MergeKeySingle_ExplicitKeysWin()
    {
        var doc = ComposeTestFiles.Load("""
            x-base: &base
              image: base
              restart: always
            services:
              web:
                restart: "no"
                <<: *base
            """).Ok();

        Assert.Equal("base", doc.Service("web")["image"]!.GetValue<string>());
        Assert.Equal("no", doc.Service("web")["restart"]!.GetValue<string>());
    }

    [Fact]
    public void Load_MergeKeyList_EarlierSourceWins()
    {
        var doc = ComposeTestFiles.Load("""
            x-a: &a {image: a, user: alice}
            x-b: &b {image: b, working_dir: /b}
            services:
              web:
                <<: [*a, *b]
            """).Ok();

        var web = doc.Service("web");
        Assert.Equal("a", web["image"]!.GetValue<string>());
        Assert.Equal("alice", web["user"]!.GetValue<string>());
        Assert.Equal("/b", web["working_dir"]!.GetValue<string>());
    }

    [Fact]
    public void Load_ExtensionFields_KeptAtTopLevelAndInServices()
    {
        var doc = ComposeTestFiles.Load("""
            x-note: hello
            services:
              web: {image: x, x-team: blue}
            """).Ok();

        Assert.Equal("hello", doc["x-note"]!.GetValue<string>());
        Assert.Equal("blue", doc.Service("web")["x-team"]!.GetValue<string>());
    }

    [Fact]
    public void Load_DuplicateKey_IsRefusedAtTheSecondKey()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: a\n    image: b\n").SingleError();

        Assert.Equal(("compose.yaml", 4, 5), (error.File, error.Line, error.Column));
        Assert.Contains("duplicate key", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_SeveralDocuments_AreRefused()
    {
        var error = ComposeTestFiles.Load("services:\n  a: {image: x}\n---\nservices:\n  b: {image: y}\n").SingleError();

        Assert.Equal(4, error.Line);
        Assert.Contains("several YAML documents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SyntaxError_IsLocated()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: [a\n").SingleError();

        Assert.Equal("compose.yaml", error.File);
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Fact]
    public void Load_UnknownAlias_IsLocated()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: *nope\n").SingleError();

        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Load_EmptyFile_IsRefused(string yaml)
    {
        Assert.Contains("empty", ComposeTestFiles.Load(yaml).SingleError().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TopLevelList_IsRefused()
    {
        Assert.Contains("mapping", ComposeTestFiles.Load("- a\n- b\n").SingleError().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AliasBomb_IsBounded()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 0; i < 7; i++)
        {
            var prev = (char)('a' + i);
            var next = (char)('b' + i);
            yaml += $"{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n";
        }

        Assert.Contains("more than", ComposeTestFiles.Load(yaml).SingleError().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("80", 80L)]
    [InlineData("-3", -3L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0o17", 15L)]
    [InlineData("1.5", 1.5)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("~", null)]
    [InlineData("null", null)]
    [InlineData("yes", "yes")]
    [InlineData("8080:80", "8080:80")]
    [InlineData("1_000", "1_000")]
    public void Resolve_PlainScalar_FollowsYaml12Core(string text, object? expected)
    {
        Assert.Equal(expected, ComposeYamlReader.Resolve(text));
    }

    [Fact]
    public void Load_QuotedNumber_StaysString()
    {
        var doc = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    environment:\n      A: '1'\n      B: 2\n      C: true\n").Ok();

        Assert.Equal("""{"A":"1","B":"2","C":"true"}""", doc.Service("web")["environment"].Json());
    }
}
