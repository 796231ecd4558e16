namespace Portal.Engine.Tests.Compose;

public sealed class SemanticValidationTests
{
    [Fact]
    public void DependsOn_UnknownService_IsLocatedAtTheName()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    depends_on: [db]\n").SingleError();

        Assert.Equal("compose.yaml:4:18: services.web.depends_on.db: service \"web\" depends on undefined service \"db\"", error.ToString());
    }

    [Fact]
    public void DependsOn_Cycle_IsNamed()
    {
        var error = ComposeTestFiles.Load("""
            services:
              a: {image: x, depends_on: [b]}
              b: {image: x, depends_on: [c]}
              c: {image: x, depends_on: [a]}
            """).SingleError();

        Assert.Equal("dependency cycle detected: a -> b -> c -> a", error.Message);
        Assert.Equal((2, 3, "services.a.depends_on"), (error.Line, error.Column, error.Path));
    }

    [Fact]
    public void DependsOn_Self_IsCycle()
    {
        Assert.Equal("dependency cycle detected: a -> a",
            ComposeTestFiles.Load("services:\n  a: {image: x, depends_on: [a]}\n").SingleError().Message);
    }

    [Fact]
    public void DependsOn_Diamond_IsNoCycle()
    {
        ComposeTestFiles.Load("""
            services:
              a: {image: x, depends_on: [b, c]}
              b: {image: x, depends_on: [d]}
              c: {image: x, depends_on: [d]}
              d: {image: x}
            """).Ok();
    }

    [Theory]
    [InlineData("networks: [missing]", "undefined network \"missing\"")]
    [InlineData("volumes: ['missing:/data']", "undefined volume \"missing\"")]
    [InlineData("secrets: [missing]", "undefined secret \"missing\"")]
    [InlineData("configs: [missing]", "undefined config \"missing\"")]
    public void UndeclaredReferences_AreErrors(string yaml, string message)
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    " + yaml + "\n").SingleError();

        Assert.Equal(4, error.Line);
        Assert.EndsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnonymousVolumesAndBinds_NeedNoDeclaration()
    {
        ComposeTestFiles.Load("services:\n  web:\n    image: x\n    volumes: [/anon, ./bind:/b, /abs:/c]\n").Ok();
    }
}
