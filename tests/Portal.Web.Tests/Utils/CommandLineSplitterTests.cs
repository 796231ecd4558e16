using Portal.Web.Utils;

namespace Portal.Web.Tests.Utils;

public sealed class CommandLineSplitterTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("   ", new string[0])]
    [InlineData("httpd -f -p 8080", new[] { "httpd", "-f", "-p", "8080" })]
    [InlineData("  sleep\t 10  ", new[] { "sleep", "10" })]
    [InlineData("sh -c 'echo hello world'", new[] { "sh", "-c", "echo hello world" })]
    [InlineData("echo \"a b\" c", new[] { "echo", "a b", "c" })]
    [InlineData("echo \"say \\\"hi\\\"\"", new[] { "echo", "say \"hi\"" })]
    [InlineData("echo 'it''s'", new[] { "echo", "its" })]
    [InlineData("echo \"it's\"", new[] { "echo", "it's" })]
    [InlineData("echo a\\ b", new[] { "echo", "a b" })]
    [InlineData("echo '' \"\"", new[] { "echo", "", "" })]
    [InlineData("echo 'a'\"b\"c", new[] { "echo", "abc" })]
    [InlineData("echo '$HOME \\n'", new[] { "echo", "$HOME \\n" })]
    [InlineData("echo \"\\n\"", new[] { "echo", "\\n" })]
    public void Split_ValidLine_ReturnsArguments(string line, string[] expected)
    {
        Assert.Equal(expected, CommandLineSplitter.Split(line));
    }

    [Theory]
    [InlineData("echo 'unclosed")]
    [InlineData("echo \"unclosed")]
    [InlineData("echo trailing\\")]
    public void Split_BrokenQuoting_ThrowsFormatException(string line)
    {
        var ex = Assert.Throws<FormatException>(() => CommandLineSplitter.Split(line));

        Assert.Contains("command", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_Null_ReturnsEmpty()
    {
        Assert.Empty(CommandLineSplitter.Split(null));
    }
}
