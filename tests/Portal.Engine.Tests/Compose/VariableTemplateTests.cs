using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Tests.Compose;

public sealed class VariableTemplateTests
{
    private static readonly Dictionary<string, string> s_vars = new()
    {
        ["SET"] = "value",
        ["EMPTY"] = "",
        ["B"] = "bee",
        ["PORT"] = "8080",
    };

    private static string Sub(string template) => VariableTemplate.Substitute(template, n => s_vars.GetValueOrDefault(n));

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("$SET", "value")]
    [InlineData("${SET}", "value")]
    [InlineData("pre-${SET}-post", "pre-value-post")]
    [InlineData("$SET/$B", "value/bee")]
    [InlineData("$UNSET", "")]
    [InlineData("${UNSET}", "")]
    [InlineData("${UNSET:-def}", "def")]
    [InlineData("${EMPTY:-def}", "def")]
    [InlineData("${SET:-def}", "value")]
    [InlineData("${UNSET-def}", "def")]
    [InlineData("${EMPTY-def}", "")]
    [InlineData("${SET-def}", "value")]
    [InlineData("${SET:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${UNSET:+alt}", "")]
    [InlineData("${SET+alt}", "alt")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET+alt}", "")]
    [InlineData("${SET:?must}", "value")]
    [InlineData("${EMPTY?must}", "")]
    [InlineData("${UNSET:-${B:-x}}", "bee")]
    [InlineData("${UNSET:-${ALSO_UNSET:-x}}", "x")]
    [InlineData("${UNSET:-a ${B} c}", "a bee c")]
    [InlineData("${UNSET:-}", "")]
    [InlineData("$$", "$")]
    [InlineData("$$SET", "$SET")]
    [InlineData("$${SET}", "${SET}")]
    [InlineData("cost: $$5", "cost: $5")]
    [InlineData("${UNSET:-$$}", "$")]
    [InlineData("127.0.0.1:${PORT}:80", "127.0.0.1:8080:80")]
    [InlineData("$SET.txt", "value.txt")]
    [InlineData("${UNSET:-a:b}", "a:b")]
    public void Substitute_Form_GivesComposeResult(string template, string expected)
    {
        Assert.Equal(expected, Sub(template));
    }

    [Theory]
    [InlineData("${UNSET:?must be set}", "required variable UNSET is missing a value: must be set")]
    [InlineData("${EMPTY:?must be set}", "required variable EMPTY is missing a value: must be set")]
    [InlineData("${UNSET?gone}", "required variable UNSET is missing a value: gone")]
    [InlineData("${UNSET:?}", "required variable UNSET is missing a value")]
    [InlineData("${UNSET:-${INNER:?inner needed}}", "required variable INNER is missing a value: inner needed")]
    public void Substitute_RequiredMissing_ThrowsWithMessage(string template, string message)
    {
        var ex = Assert.Throws<TemplateException>(() => Sub(template));

        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("${SET")]
    [InlineData("${}")]
    [InlineData("${1ABC}")]
    [InlineData("${SET!x}")]
    [InlineData("trailing $")]
    [InlineData("$1")]
    [InlineData("${UNSET:-${B}")]
    public void Substitute_Malformed_ThrowsInvalidFormat(string template)
    {
        var ex = Assert.Throws<TemplateException>(() => Sub(template));

        Assert.StartsWith("invalid interpolation format", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitute_DefaultNotNeeded_IsNotEvaluated()
    {
        Assert.Equal("value", Sub("${SET:-${UNSET:?never evaluated}}"));
    }
}
