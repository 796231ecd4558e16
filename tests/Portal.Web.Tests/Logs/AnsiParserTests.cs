using Portal.Web.Logs;

namespace Portal.Web.Tests.Logs;

public sealed class AnsiParserTests
{
    [Fact]
    public void Parse_PlainText_OneUnstyledSpan()
    {
        var spans = AnsiParser.Parse("hello <b>world</b>");

        Assert.Equal([new AnsiSpan("hello <b>world</b>", null)], spans);
    }

    [Fact]
    public void Parse_SgrColours_SpansWithClasses()
    {
        var spans = AnsiParser.Parse("a\u001b[1;31mred bold\u001b[22m red\u001b[0m b\u001b[42;97mbg\u001b[39;49m");

        Assert.Equal(
        [
            new AnsiSpan("a", null),
            new AnsiSpan("red bold", "ansi-bold ansi-fg-1"),
            new AnsiSpan(" red", "ansi-fg-1"),
            new AnsiSpan(" b", null),
            new AnsiSpan("bg", "ansi-fg-15 ansi-bg-2"),
        ], spans);
    }

    [Fact]
    public void Parse_256ColourAndTrueColour_NamedKeptOthersIgnored()
    {
        var spans = AnsiParser.Parse("\u001b[38;5;9mx\u001b[38;5;200my\u001b[38;2;1;2;3;4mz");

        Assert.Equal([new AnsiSpan("x", "ansi-fg-9"), new AnsiSpan("y", null), new AnsiSpan("z", "ansi-underline")], spans);
    }

    [Fact]
    public void Parse_OtherEscapesAndControls_Dropped()
    {
        var spans = AnsiParser.Parse("\u001b[2K\u001b[?25lprogress\u001b]0;title\u0007 50%\r\u0008\tdone\u001b");

        Assert.Equal("progress 50%\tdone", string.Concat(spans.Select(s => s.Text)));
    }

    [Fact]
    public void Parse_MarkupInsideColouredText_StaysText()
    {
        var spans = AnsiParser.Parse("\u001b[31m<script>alert(1)</script>\u001b[0m");

        Assert.Equal([new AnsiSpan("<script>alert(1)</script>", "ansi-fg-1")], spans);
    }
}
