namespace Portal.Engine.Tests.Compose;

public sealed class ExtendsTests
{
    [Fact]
    public void Extends_SameFile_MergesBaseUnderService()
    {
        var doc = ComposeTestFiles.Load("""
            services:
              base:
                image: base
                environment: {A: '1', B: '2'}
                command: [base]
              web:
                extends: base
                environment: {B: three}
            """).Ok();

        var web = doc.Service("web");
        Assert.Equal("base", web["image"]!.GetValue<string>());
        Assert.Equal("""{"A":"1","B":"three"}""", web["environment"].Json());
        Assert.Equal("""["base"]""", web["command"].Json());
        Assert.Null(web["extends"]);
    }

    [Fact]
    public void Extends_Recursive_AppliesWholeChain()
    {
        var doc = ComposeTestFiles.Load("""
            services:
              a: {image: a, user: alice}
              b: {extends: {service: a}, working_dir: /b}
              c: {extends: b, hostname: c}
            """).Ok();

        var c = doc.Service("c");
        Assert.Equal(("a", "alice", "/b", "c"), (c["image"]!.GetValue<string>(), c["user"]!.GetValue<string>(), c["working_dir"]!.GetValue<string>(), c["hostname"]!.GetValue<string>()));
    }

    [Fact]
    public void Extends_OtherFile_RebasesRelativePaths()
    {
        var source = new InMemoryFileSource()
            .With("common/base.yaml", "services:\n  app:\n    build: .\n    volumes: ['./conf:/conf']\n    env_file: app.env\n")
            .With("common/app.env", "FROM_BASE=yes\n");

        var doc = ComposeTestFiles.Load("services:\n  web:\n    extends: {file: common/base.yaml, service: app}\n", source).Ok();

        var web = doc.Service("web");
        Assert.Equal("./common", web["build"]!["context"]!.GetValue<string>());
        Assert.Equal("./common/conf", web["volumes"]![0]!["source"]!.GetValue<string>());
        Assert.Equal("""{"FROM_BASE":"yes"}""", web["environment"].Json());
    }

    [Fact]
    public void Extends_Cycle_IsReported()
    {
        var result = ComposeTestFiles.Load("""
            services:
              a: {image: x, extends: b}
              b: {image: x, extends: a}
            """);

        Assert.Null(result.Document);
        Assert.Contains(result.Errors, e => e.Message.Contains("extends cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void Extends_CycleAcrossFiles_IsReported()
    {
        var source = new InMemoryFileSource().With("other.yaml", "services:\n  o: {image: x, extends: {file: compose.yaml, service: m}}\n");

        var result = ComposeTestFiles.Load("services:\n  m: {image: x, extends: {file: other.yaml, service: o}}\n", source);

        Assert.Contains(result.Errors, e => e.Message.Contains("extends cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void Extends_UnknownService_IsLocated()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    extends: nope\n").SingleError();

        Assert.Equal((4, 14, "services.nope"), (error.Line, error.Column, error.Path));
        Assert.Contains("no such service", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extends_MissingFile_IsLocated()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    extends: {file: gone.yaml, service: a}\n").SingleError();

        Assert.Contains("gone.yaml", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }
}
