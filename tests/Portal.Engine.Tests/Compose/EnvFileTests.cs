namespace Portal.Engine.Tests.Compose;

public sealed class EnvFileTests
{
    [Fact]
    public void EnvFile_String_IsReadIntoEnvironmentAndDropped()
    {
        var source = new InMemoryFileSource().With("web.env", "# comment\nA=1\nexport B='two'\n");

        var web = ComposeTestFiles.Load("services:\n  web: {image: x, env_file: web.env}\n", source).Ok().Service("web");

        Assert.Equal("""{"A":"1","B":"two"}""", web["environment"].Json());
        Assert.Null(web["env_file"]);
    }

    [Fact]
    public void EnvFile_List_LaterFileWins_EnvironmentWinsOverAll()
    {
        var source = new InMemoryFileSource().With("a.env", "X=a\nY=a\nZ=a\n").With("b.env", "Y=b\nZ=b\n");

        var web = ComposeTestFiles.Load("""
            services:
              web:
                image: x
                env_file: [a.env, b.env]
                environment: {Z: env}
            """, source).Ok().Service("web");

        Assert.Equal("""{"X":"a","Y":"b","Z":"env"}""", web["environment"].Json());
    }

    [Fact]
    public void EnvFile_BareEnvironmentName_DoesNotHideFileValue()
    {
        var source = new InMemoryFileSource().With("a.env", "X=file\n");

        var web = ComposeTestFiles.Load("services:\n  web: {image: x, env_file: a.env, environment: [X]}\n", source).Ok().Service("web");

        Assert.Equal("""{"X":"file"}""", web["environment"].Json());
    }

    [Fact]
    public void EnvFile_LongFormNotRequired_MissingIsSkipped()
    {
        var web = ComposeTestFiles.Load("""
            services:
              web:
                image: x
                env_file:
                  - path: optional.env
                    required: false
            """).Ok().Service("web");

        Assert.Null(web["environment"]?["anything"]);
    }

    [Fact]
    public void EnvFile_RequiredMissing_IsLocated()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    env_file: [ok.env, missing.env]\n",
            new InMemoryFileSource().With("ok.env", "A=1")).SingleError();

        Assert.Equal((4, 24, "services.web.env_file"), (error.Line, error.Column, error.Path));
        Assert.Contains("missing.env", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvFile_Malformed_NamesEnvFileLine()
    {
        var error = ComposeTestFiles.Load("services:\n  web: {image: x, env_file: bad.env}\n",
            new InMemoryFileSource().With("bad.env", "A=1\nB C\n")).SingleError();

        Assert.Equal(("bad.env", 2), (error.File, error.Line));
    }

    [Fact]
    public void EnvFile_ValuesInterpolateFromProjectVariables()
    {
        var source = new InMemoryFileSource().With("a.env", "URL=http://${HOST:-localhost}:${PORT}\n").With(".env", "PORT=81\n");

        var web = ComposeTestFiles.Load("services:\n  web: {image: x, env_file: a.env}\n", source).Ok().Service("web");

        Assert.Equal("http://localhost:81", web["environment"]!["URL"]!.GetValue<string>());
    }

    [Fact]
    public void Environment_BareName_TakesVariableOrStaysNull()
    {
        var web = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    environment: [KNOWN, UNKNOWN, EMPTY=]\n",
            variables: new Dictionary<string, string> { ["KNOWN"] = "k" }).Ok().Service("web");

        Assert.Equal("""{"EMPTY":"","KNOWN":"k","UNKNOWN":null}""", web["environment"].Json());
    }
}
