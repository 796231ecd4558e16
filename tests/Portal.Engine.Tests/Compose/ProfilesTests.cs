namespace Portal.Engine.Tests.Compose;

public sealed class ProfilesTests
{
    private const string Yaml = """
        services:
          web: {image: web}
          debug: {image: dbg, profiles: [debug]}
          tools: {image: tools, profiles: [ops, debug]}
        """;

    [Theory]
    [InlineData(new string[0], "web")]
    [InlineData(new[] { "debug" }, "debug,tools,web")]
    [InlineData(new[] { "ops" }, "tools,web")]
    [InlineData(new[] { "other" }, "web")]
    [InlineData(new[] { "*" }, "debug,tools,web")]
    public void Profiles_Active_SelectServices(string[] profiles, string expected)
    {
        var doc = ComposeTestFiles.Load(Yaml, profiles: profiles).Ok();

        Assert.Equal(expected, string.Join(",", doc["services"]!.AsObject().Select(s => s.Key)));
    }

    [Fact]
    public void Profiles_ActiveServiceRequiresDisabledOne_IsError()
    {
        var error = ComposeTestFiles.Load("""
            services:
              web: {image: web, depends_on: [db]}
              db: {image: db, profiles: [data]}
            """).SingleError();

        Assert.Equal("services.web.depends_on.db", error.Path);
        Assert.Contains("disabled by its profiles", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 34), (error.Line, error.Column));
    }

    [Fact]
    public void Profiles_OptionalDependencyOnDisabled_IsDropped()
    {
        var doc = ComposeTestFiles.Load("""
            services:
              web:
                image: web
                depends_on:
                  db: {condition: service_started, required: false}
              db: {image: db, profiles: [data]}
            """).Ok();

        Assert.Null(doc.Service("web")["depends_on"]!["db"]);
    }

    [Fact]
    public void Profiles_DisabledServiceMayDependOnAnything()
    {
        var doc = ComposeTestFiles.Load("""
            services:
              web: {image: web}
              job: {image: j, profiles: [jobs], depends_on: [web]}
            """).Ok();

        Assert.Null(doc["services"]!["job"]);
    }
}
