using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Tests.Compose;

public sealed class ComposeConfigWriterTests
{
    private const string Project = """
        name: shop
        x-note: "keep: me"
        services:
          web:
            image: nginx
            ports: ["8080:80", "127.0.0.1:9000-9001:9000-9001/udp"]
            environment: {A: "1", EMPTY: "", FLAG: "true", MULTI: "a\nb", NULLED: null, SPACE: " padded", DOLLAR: "$$x"}
            labels: [com.example.tier=front]
            command: ["sh", "-c", "echo \"hi: there\" # not a comment"]
            depends_on: [db]
            volumes: ["./data:/data:ro", "cache:/cache"]
          db:
            image: postgres
            healthcheck: {test: pg_isready, interval: 5s, retries: 3}
            deploy: {replicas: 2, resources: {limits: {cpus: "0.5"}}}
        volumes:
          cache: {}
        """;

    [Fact]
    public void ToYaml_ThenLoad_GivesTheSameDocument()
    {
        var first = ComposeTestFiles.Load(Project, projectName: null).Ok();

        var yaml = ComposeConfigWriter.ToYaml(first);
        var second = ComposeTestFiles.Load(yaml.Replace("$", "$$", StringComparison.Ordinal), projectName: null).Ok();

        Assert.Equal(first.Json(), second.Json());
    }

    [Fact]
    public void ToYaml_QuotesStringsThatLookLikeOtherTypes()
    {
        var yaml = ComposeConfigWriter.ToYaml(ComposeTestFiles.Load(Project, projectName: null).Ok());

        Assert.Contains("published: \"8080\"", yaml, StringComparison.Ordinal);
        Assert.Contains("FLAG: \"true\"", yaml, StringComparison.Ordinal);
        Assert.Contains("EMPTY: \"\"", yaml, StringComparison.Ordinal);
        Assert.Contains("target: 80\n", yaml, StringComparison.Ordinal);
        Assert.Contains("NULLED: null", yaml, StringComparison.Ordinal);
        Assert.StartsWith("name: shop\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPortalEngine_RegistersTheLoader()
    {
        using var services = new ServiceCollection().AddLogging().AddPortalData(":memory:").AddPortalEngine(_ => { }).BuildServiceProvider();

        Assert.IsType<ComposeLoader>(services.GetRequiredService<IComposeLoader>());
    }
}
