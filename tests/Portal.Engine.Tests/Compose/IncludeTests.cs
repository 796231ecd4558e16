namespace Portal.Engine.Tests.Compose;

public sealed class IncludeTests
{
    [Fact]
    public void Include_PathList_AddsServicesAndResources()
    {
        var source = new InMemoryFileSource()
            .With("db/compose.yaml", "services:\n  db:\n    image: postgres\n    volumes: ['data:/var/lib/postgresql']\nvolumes:\n  data: {}\n");

        var doc = ComposeTestFiles.Load("include:\n  - db/compose.yaml\nservices:\n  web: {image: x, depends_on: [db]}\n", source).Ok();

        Assert.Equal("postgres", doc.Service("db")["image"]!.GetValue<string>());
        Assert.Equal("demo_data", doc["volumes"]!["data"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Include_DefaultEnv_IsIncludedProjectsDotEnv()
    {
        var source = new InMemoryFileSource()
            .With("db/compose.yaml", "services:\n  db:\n    image: postgres:${PG}\n")
            .With("db/.env", "PG=16\n");

        var doc = ComposeTestFiles.Load("include: [db/compose.yaml]\nservices:\n  web: {image: x}\n", source).Ok();

        Assert.Equal("postgres:16", doc.Service("db")["image"]!.GetValue<string>());
    }

    [Fact]
    public void Include_LongForm_EnvFileAndProjectDirectory()
    {
        var source = new InMemoryFileSource()
            .With("parts/cache.yaml", "services:\n  cache:\n    image: redis:${REDIS}\n    build: .\n")
            .With("parts/cache.env", "REDIS=7\n");

        var doc = ComposeTestFiles.Load("""
            include:
              - path: [parts/cache.yaml]
                project_directory: ctx
                env_file: parts/cache.env
            services:
              web: {image: x}
            """, source).Ok();

        Assert.Equal("redis:7", doc.Service("cache")["image"]!.GetValue<string>());
        Assert.Equal("./ctx", doc.Service("cache")["build"]!["context"]!.GetValue<string>());
    }

    [Fact]
    public void Include_UserVariablesWinOverIncludedEnv()
    {
        var source = new InMemoryFileSource()
            .With("db/compose.yaml", "services:\n  db:\n    image: postgres:${PG}\n")
            .With("db/.env", "PG=16\n");

        var doc = ComposeTestFiles.Load("include: [db/compose.yaml]\n", source, new Dictionary<string, string> { ["PG"] = "17" }).Ok();

        Assert.Equal("postgres:17", doc.Service("db")["image"]!.GetValue<string>());
    }

    [Fact]
    public void Include_ConflictingService_IsReported()
    {
        var source = new InMemoryFileSource().With("other.yaml", "services:\n  web: {image: other}\n");

        var error = ComposeTestFiles.Load("include: [other.yaml]\nservices:\n  web: {image: x}\n", source).SingleError();

        Assert.Equal((3, 3, "services.web"), (error.Line, error.Column, error.Path));
        Assert.Contains("conflicts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_Cycle_IsReported()
    {
        var source = new InMemoryFileSource()
            .With("a.yaml", "include: [b.yaml]\nservices:\n  a: {image: x}\n")
            .With("b.yaml", "include: [a.yaml]\nservices:\n  b: {image: x}\n");

        var result = ComposeTestFiles.Load("include: [a.yaml]\n", source);

        Assert.Contains(result.Errors, e => e.Message.StartsWith("include cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void Include_MissingFile_IsLocated()
    {
        var error = ComposeTestFiles.Load("include:\n  - nope.yaml\n").SingleError();

        Assert.Equal((2, 5, "include[0]"), (error.Line, error.Column, error.Path));
    }

    [Fact]
    public void Include_ErrorInIncludedFile_NamesThatFile()
    {
        var source = new InMemoryFileSource().With("bad.yaml", "services:\n  db:\n    imagee: x\n");

        var error = ComposeTestFiles.Load("include: [bad.yaml]\n", source).SingleError();

        Assert.Equal(("bad.yaml", 3, 5, "services.db.imagee"), (error.File, error.Line, error.Column, error.Path));
    }
}
