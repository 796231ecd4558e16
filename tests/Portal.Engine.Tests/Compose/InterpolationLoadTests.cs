namespace Portal.Engine.Tests.Compose;

public sealed class InterpolationLoadTests
{
    [Fact]
    public void Load_UserVariables_OverrideDotEnv()
    {
        var source = new InMemoryFileSource().With(".env", "TAG=fromenv\nOTHER=fromfile\n");

        var doc = ComposeTestFiles.Load("services:\n  web:\n    image: app:${TAG}-${OTHER}\n", source,
            new Dictionary<string, string> { ["TAG"] = "user" }).Ok();

        Assert.Equal("app:user-fromfile", doc.Service("web")["image"]!.GetValue<string>());
    }

    [Fact]
    public void Load_MissingRequiredVariable_NamesFileLineColumnPathAndMessage()
    {
        var result = ComposeTestFiles.Load("""
            services:
              web:
                image: nginx
                environment:
                  DB: ${DB_URL:?set DB_URL in .env}
            """);

        var error = result.SingleError();
        Assert.Equal("compose.yaml:5:11: services.web.environment.DB: required variable DB_URL is missing a value: set DB_URL in .env", error.ToString());
    }

    [Fact]
    public void Load_Keys_AreNotInterpolated()
    {
        var doc = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    labels:\n      $KEY: v\n", variables: new Dictionary<string, string> { ["KEY"] = "k" }).Ok();

        Assert.Equal("""{"$KEY":"v"}""", doc.Service("web")["labels"].Json());
    }

    [Fact]
    public void Load_DollarEscape_LeavesLiteralDollar()
    {
        var doc = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    command: echo $$HOME\n").Ok();

        Assert.Equal("""["echo","$HOME"]""", doc.Service("web")["command"].Json());
    }

    [Fact]
    public void Load_InterpolatedNumberAndBool_AreTypedAsCompose()
    {
        var doc = ComposeTestFiles.Load("""
            services:
              web:
                image: x
                read_only: ${RO}
                deploy:
                  replicas: ${N:-3}
            """, variables: new Dictionary<string, string> { ["RO"] = "true" }).Ok();

        Assert.Equal("true", doc.Service("web")["read_only"].Json());
        Assert.Equal("3", doc.Service("web")["deploy"]!["replicas"].Json());
    }

    [Fact]
    public void Load_InterpolatedNonNumber_WhereNumberExpected_IsLocated()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    scale: ${N:-lots}\n").SingleError();

        Assert.Equal((4, 12, "services.web.scale"), (error.Line, error.Column, error.Path));
    }

    [Fact]
    public void Load_MalformedTemplate_IsLocated()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    user: ${BROKEN\n").SingleError();

        Assert.Equal((4, 11, "services.web.user"), (error.Line, error.Column, error.Path));
        Assert.StartsWith("invalid interpolation format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DotEnvError_NamesDotEnvLine()
    {
        var source = new InMemoryFileSource().With(".env", "OK=1\nNOT VALID\n");

        var error = ComposeTestFiles.Load("services:\n  web: {image: x}\n", source).SingleError();

        Assert.Equal((".env", 2), (error.File, error.Line));
    }

    [Fact]
    public void Load_NestedDefault_UsesSecondVariable()
    {
        var doc = ComposeTestFiles.Load("services:\n  web:\n    image: ${A:-${B:-fallback}}\n", variables: new Dictionary<string, string> { ["B"] = "bee" }).Ok();

        Assert.Equal("bee", doc.Service("web")["image"]!.GetValue<string>());
    }
}
