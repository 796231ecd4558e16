using Portal.Engine.Images.Build;

namespace Portal.Engine.Tests.Images.Build;

public sealed class DockerfileImagesTests
{
    private static readonly Dictionary<string, string> s_none = [];

    private static string[] Images(string dockerfile, Dictionary<string, string>? args = null) =>
        [.. DockerfileImages.Find(dockerfile, args ?? s_none).Select(u => $"{u.Line}:{u.Instruction}:{u.Reference}")];

    [Fact]
    public void MultiStage_StagesScratchAndIndexesAreNoImages()
    {
        var dockerfile = """
            # syntax comment
            from --platform=linux/amd64 base:1 AS Build
            RUN make
            FROM scratch AS out
            COPY --from=build /app /app
            COPY --from=0 /x /x
            COPY --chown=1:1 --from=tools:2 /bin/t /t
            From build
            copy --from="other:3" a b
            """;

        Assert.Equal(["2:FROM:base:1", "7:COPY --from:tools:2", "9:COPY --from:other:3"], Images(dockerfile));
    }

    [Fact]
    public void CopyFrom_ALaterStageOrItsOwn_IsAnImage()
    {
        // The classic builder knows only the stages before the current one: a name of a later one is an image.
        Assert.Equal(["1:FROM:a", "2:COPY --from:later", "4:COPY --from:self", "5:FROM:b"],
            Images("FROM a AS first\nCOPY --from=later / /\nFROM first AS self\nCOPY --from=self / /\nFROM b AS later"));
    }

    [Theory]
    [InlineData("ARG BASE=lk-img:1\nFROM $BASE", "lk-img:1")]
    [InlineData("ARG BASE=lk-img:1\nFROM ${BASE}", "lk-img:1")]
    [InlineData("ARG BASE\nFROM ${BASE:-lk-img:1}", "lk-img:1")]
    [InlineData("ARG BASE=x\nFROM ${BASE:+lk-img:1}", "lk-img:1")]
    [InlineData("ARG BASE\nFROM lk${BASE:+-never}-img:1", "lk-img:1")]
    [InlineData("ARG R=lk-img\nARG T=1\nARG REF=${R}:$T\nFROM $REF", "lk-img:1")]
    [InlineData("ARG BASE=\"lk-img:1\"\nFROM $BASE", "lk-img:1")]
    [InlineData("ARG A=1 B=lk-img\nFROM $B:$A", "lk-img:1")]
    [InlineData("FROM x AS s\nARG LATE=y\nFROM lk-img:1$LATE", "lk-img:1")]
    public void From_ArgsBeforeTheFirstFrom_AreSubstituted(string dockerfile, string expected) =>
        Assert.Equal(expected, DockerfileImages.Find(dockerfile, s_none).Last().Reference);

    [Fact]
    public void BuildArgs_OverrideDefaults_AndFillArgsWithout()
    {
        var uses = Images("ARG BASE=busybox\nARG TAG\nFROM $BASE:${TAG:-latest}", new() { ["BASE"] = "lk-img", ["TAG"] = "1", ["UNDECLARED"] = "x" });

        Assert.Equal(["3:FROM:lk-img:1"], uses);
    }

    [Fact]
    public void CopyFrom_ArgSubstituted_BothReadingsChecked()
    {
        // The classic builder does not expand --from (so "$IMG" names nothing); BuildKit does.
        Assert.Equal(["3:COPY --from:lk-img:1"], Images("ARG IMG=lk-img:1\nFROM scratch\nCOPY --from=$IMG / /"));
        Assert.Equal(["2:FROM:a", "3:FROM:b"], Images("ARG S=build\nFROM a AS build\nFROM b\nCOPY --from=${S} / /"));
    }

    [Fact]
    public void Continuations_Comments_Case_AndEscapeDirective()
    {
        Assert.Equal(["3:FROM:lk-img:1"], Images("# comment\n\nFROM \\\n# inside\n\n  lk-img:1 \\\n  AS x\nRUN a \\\n b"));
        Assert.Equal(["2:FROM:lk-img:1"], Images("# escape=`\nFROM lk-img:1\nRUN echo `\nfrom b\n"));
        Assert.Equal(["2:FROM:a", "4:FROM:lk-img:1"], Images("# escape=`\nFROM a\nRUN echo \\\nFROM lk-img:1"));
        Assert.Equal(["1:FROM:a", "2:FROM:lk-img:1"], Images("\uFEFFFROM a\r\nfRoM lk-img:1\r\n"));
    }

    [Fact]
    public void EscapeDirective_AfterSyntax_BothReadings()
    {
        // Older engines stop reading directives at "# syntax=", newer ones do not: a line continued in one reading is an instruction in the other.
        var uses = Images("# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN echo \\\nFROM lk-img:1");

        Assert.Contains("5:FROM:lk-img:1", uses);
    }

    [Fact]
    public void OnBuildCopyFrom_InTheFileAndInABaseImagesTriggers()
    {
        var uses = DockerfileImages.Find("FROM base AS b\nONBUILD COPY --from=lk-img:1 / /\nONBUILD COPY --from=b / /\nONBUILD RUN true", s_none);
        Assert.Equal(["1:FROM:base", "2:ONBUILD COPY --from:lk-img:1"], uses.Select(u => $"{u.Line}:{u.Instruction}:{u.Reference}"));

        var triggers = DockerfileImages.InTriggers(uses[0], ["COPY --from=lk-img:1 /a /a", "COPY --from=0 / /", "RUN true", "COPY a b"]);
        var trigger = Assert.Single(triggers);
        Assert.Equal(("lk-img:1", "an ONBUILD trigger of base image 'base'", 1), (trigger.Reference, trigger.Instruction, trigger.Line));
    }

    [Theory]
    [InlineData("FROM \"lk-img:1\"", "lk-img:1")]
    [InlineData("FROM 'lk-img:1'", "lk-img:1")]
    [InlineData("FROM lk\\-img:1", "lk-img:1")]
    [InlineData("FROM ${UNCLOSED", null)]
    [InlineData("FROM \"unclosed", null)]
    public void From_QuotesAndEscapes_AsTheEngineReadsThem(string dockerfile, string? expected) =>
        Assert.Equal(expected, Assert.Single(DockerfileImages.Find(dockerfile, s_none)).Reference);

    [Theory]
    [InlineData("$X", "v")]
    [InlineData("${X}-${Y:-d}-${X:+p}", "v-d-p")]
    [InlineData("${E-unset}${U-unset}${E:-empty}", "unsetempty")]
    [InlineData("'$X'\"$X\"\\$X", "$Xv$X")]
    [InlineData("a$", "a$")]
    [InlineData("${X:?}", "v")]
    [InlineData("${U:?message}", null)]
    [InlineData("${X%suffix}", null)]
    public void Word_Expansion(string word, string? expected) =>
        Assert.Equal(expected, DockerfileWord.Expand(word, new Dictionary<string, string?> { ["X"] = "v", ["E"] = "", ["U"] = null }));
}
