using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Images.Jobs;
using Portal.Web.Components.Pages.Stacks;

namespace Portal.Web.Tests.Pages;

/// <summary>The stack page's per-stack actions: merged logs of its containers, exec per running container, pull as a stack job.</summary>
public sealed class StackPageTests : PortalTestContext
{
    private const string Compose = """
        name: shop
        services:
          web:
            image: portal-test/busybox:latest
          db:
            image: 127.0.0.1:5000/shop/db:1
        """;

    private async Task SeedStackAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await Services.GetRequiredService<StackStore>().CreateAsync(
            new Stack { EndpointId = (await LocalEnvironmentAsync()).Id, Name = "shop", Team = "web", CreatedBy = "alice" },
            new StackRevision { CreatedBy = "alice", FilesJson = JsonSerializer.Serialize(new[] { new { name = "compose.yaml", content = Compose } }), Env = "" }, ct);
        var catalog = Services.GetRequiredService<CatalogStore>();
        foreach (var (name, service, state) in new[] { ("shop-web-1", "web", "running"), ("shop-db-1", "db", "running"), ("shop-web-2", "web", "exited") })
        {
            var labels = new Dictionary<string, string>
            {
                ["com.docker.compose.project"] = "shop",
                ["com.docker.compose.service"] = service,
                ["com.docker.compose.container-number"] = name[^1..],
                ["io.portal.team"] = "web",
            };
            await catalog.UpsertContainerAsync((await LocalEnvironmentAsync()).Id, new CatalogContainerSnapshot("id-" + name, name, "img", "sha256:1", "sh", state, state, null, "", labels, "web", "alice", DateTime.UtcNow), DateTime.UtcNow, ct);
        }
    }

    [Fact]
    public async Task Logs_LinksTheMergedViewerToEveryContainer_ExecOnlyForRunningOnes()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        await SeedStackAsync();

        var cut = Render<StackPage>(p => p.Add(c => c.Name, "shop"));

        cut.WaitForAssertion(() => Assert.Equal("/logs?c=shop-db-1&c=shop-web-1&c=shop-web-2", cut.Find("[data-testid=stack-logs]").GetAttribute("href")));
        Assert.Equal("/containers/shop-web-1?tab=terminal", cut.Find("[data-testid=exec-shop-web-1]").GetAttribute("href"));
        Assert.Equal("/containers/shop-db-1?tab=terminal", cut.Find("[data-testid=exec-shop-db-1]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=exec-shop-web-2]"));
    }

    [Fact]
    public async Task Pull_RunsAStackJob_PullingEachServicesImage_AndShowsItsEnd()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        await SeedStackAsync();
        var cut = Render<StackPage>(p => p.Add(c => c.Name, "shop"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=pull-stack]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=pull-stack]").Click());

        cut.WaitForAssertion(() => Assert.Equal(2, Transfers.Pulls.Count));
        Assert.Equal(["127.0.0.1:5000/shop/db:1", "portal-test/busybox:latest"], Transfers.Pulls.Order(StringComparer.Ordinal));
        foreach (var job in Transfers.ListJobs(null!))
        {
            Transfers.Publish(job with { State = ImageJobState.Succeeded, FinishedAt = DateTime.UtcNow, Version = job.Version + 1 });
        }

        cut.WaitForAssertion(() => Assert.Contains("pull: succeeded", cut.Find("[data-testid=stack-job]").TextContent, StringComparison.Ordinal));
        Assert.Contains("image:127.0.0.1:5000/shop/db:1", cut.Find("[data-testid=stack-job]").TextContent, StringComparison.Ordinal);
    }
}
