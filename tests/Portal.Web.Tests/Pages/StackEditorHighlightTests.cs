using Portal.Web.Components.Pages.Stacks;

namespace Portal.Web.Tests.Pages;

public sealed class StackEditorHighlightTests
{
    [Theory]
    [InlineData("compose.yaml", "yaml")]
    [InlineData("compose.override.YML", "yaml")]
    [InlineData("compose.json", "yaml")]
    [InlineData(".env", "properties")]
    [InlineData("config/app.env", "properties")]
    [InlineData("Dockerfile", null)]
    [InlineData("static/index.html", null)]
    public void HighlightLanguage_ByFileName(string tab, string? language) =>
        Assert.Equal(language, StackPage.HighlightLanguage(tab));

    [Fact]
    public void HighlightLanguage_EnvTab_IsProperties() =>
        Assert.Equal("properties", StackPage.HighlightLanguage(StackEditorState.EnvTab));
}
