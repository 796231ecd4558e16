using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Events;
using Portal.Web.Components.Pages.Stacks;

namespace Portal.Web.Tests.Pages;

/// <summary>The stack page follows the catalog without a reload, and deletes: at once when down, by Down and delete when not.</summary>
public sealed class StackPageLiveAndDeleteTests : PortalTestContext
{
    private async Task SeedAsync(string name, params (string Container, string State)[] containers)
    {
        var ct = TestContext.Current.CancellationToken;
        var files = JsonSerializer.Serialize(new[] { new { name = "compose.yaml", content = "services:\n  web:\n    image: portal-test/busybox:latest\n" } });
        await Services.GetRequiredService<StackStore>().CreateAsync(
            new Stack { EndpointId = (await LocalEnvironmentAsync()).Id, Name = name, Team = "web", CreatedBy = "alice" },
            new StackRevision { CreatedBy = "alice", FilesJson = files, Env = "" }, ct);
        foreach (var (container, state) in containers)
        {
            await UpsertAsync(name, container, state);
        }
    }

    private async Task UpsertAsync(string project, string container, string state)
    {
        var labels = new Dictionary<string, string>
        {
            ["com.docker.compose.project"] = project,
            ["com.docker.compose.service"] = "web",
            ["com.docker.compose.container-number"] = container[^1..],
            ["io.portal.team"] = "web",
        };
        await Services.GetRequiredService<CatalogStore>().UpsertContainerAsync((await LocalEnvironmentAsync()).Id,
            new CatalogContainerSnapshot("id-" + container, container, "img", "sha256:1", "sh", state, state, null, "", labels, "web", "alice", DateTime.UtcNow),
            DateTime.UtcNow, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task CatalogChange_UpdatesStatusWithoutReload()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        await SeedAsync("shop", ("shop-web-1", "running"), ("shop-web-2", "created"));
        var cut = Render<StackPage>(p => p.Add(c => c.Name, "shop"));
        cut.WaitForAssertion(() => Assert.Equal("running 1/2", cut.Find("[data-testid=stack-status]").TextContent));

        // The engine started the second container: the catalog records it and says so; nobody reloads the page.
        await UpsertAsync("shop", "shop-web-2", "running");
        Services.GetRequiredService<CatalogNotifier>().NotifyContainersChanged();

        cut.WaitForAssertion(() => Assert.Equal("running 2/2", cut.Find("[data-testid=stack-status]").TextContent));
    }

    [Fact]
    public async Task Delete_StackThatIsDown_DeletesAndGoesToTheList()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        await SeedAsync("idle");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<StackPage>(p => p.Add(c => c.Name, "idle"));
        cut.WaitForAssertion(() => Assert.Equal("not deployed", cut.Find("[data-testid=stack-status]").TextContent));

        await cut.InvokeAsync(() => cut.Find("[data-testid=delete-stack]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("every saved revision", dialogs.Find("[data-testid=confirm-dialog]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Delete", dialogs.Find("[data-testid=confirm-ok]").TextContent.Trim());
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-ok]").Click());

        cut.WaitForAssertion(() => Assert.EndsWith("/stacks", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Null(await Services.GetRequiredService<StackStore>().FindAsync((await LocalEnvironmentAsync()).Id, "idle", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Delete_StackWithContainers_OffersDownAndDelete_CancelKeepsIt()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        await SeedAsync("busy", ("busy-web-1", "running"));
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<StackPage>(p => p.Add(c => c.Name, "busy"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=delete-stack]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=delete-stack]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("still has 1 container(s)", dialogs.Find("[data-testid=confirm-dialog]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Down and delete", dialogs.Find("[data-testid=confirm-ok]").TextContent.Trim());
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-cancel]").Click());
        Assert.NotNull(await Services.GetRequiredService<StackStore>().FindAsync((await LocalEnvironmentAsync()).Id, "busy", TestContext.Current.CancellationToken));
    }
}
