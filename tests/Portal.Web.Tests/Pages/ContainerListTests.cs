using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data.Entities;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Pages.Containers;
using Portal.Web.Streaming;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

public sealed class ContainerListTests : PortalTestContext
{
    [Fact]
    public async Task ContainerList_WithContainers_RendersOneRowEach()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.Containers = [FakeContainerOperations.Summary("web-1"), FakeContainerOperations.Summary("web-2"), FakeContainerOperations.Summary("db")];

        var cut = Render<ContainerList>();

        cut.WaitForAssertion(() =>
        {
            var names = cut.FindAll("[data-testid=container-link]").Select(a => a.TextContent.Trim()).ToList();
            Assert.Equal(["db", "web-1", "web-2"], names.Order(StringComparer.Ordinal));
        });
        Assert.Contains("3 running", cut.Find("[data-testid=container-count]").TextContent, StringComparison.Ordinal);
        Assert.All(cut.FindAll("[data-testid=state-chip]"), chip => Assert.Equal("running", chip.TextContent.Trim()));
    }

    [Fact]
    public async Task ContainerList_TypingInSearch_PassesTextToListAsync()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.Containers = [FakeContainerOperations.Summary("web-1"), FakeContainerOperations.Summary("db")];
        var cut = Render<ContainerList>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=container-link]").Count));

        cut.Find("#filter-text").Input("web");

        cut.WaitForAssertion(() =>
        {
            Assert.Contains(Containers.ListRequests, r => r.Text == "web");
            Assert.Equal(["web-1"], cut.FindAll("[data-testid=container-link]").Select(a => a.TextContent.Trim()));
        });
        Assert.EndsWith("/containers?q=web", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContainerList_QueryInUrl_FiltersFromTheStart()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/containers?all=true&q=db&team=web&sort=created&desc=true");

        var cut = Render<ContainerList>();

        cut.WaitForAssertion(() => Assert.Contains(Containers.ListRequests,
            r => r is { All: true, Text: "db", Team: "web", Sort: "created", Descending: true, Removed: false }));
    }

    [Fact]
    public async Task ContainerList_StopFails_ShowsTheEngineMessage()
    {
        await SignInAsync("victor", teams: ("web", TeamRole.Viewer));
        var row = FakeContainerOperations.Summary("web-1");
        Containers.Containers = [row];
        Containers.ActionFailure = (action, _) => action == "stop" ? OperationFailedException.Forbidden("You have read-only access to team 'web'.") : null;
        var snackbars = Render<MudSnackbarProvider>();
        var cut = Render<ContainerList>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=container-link]")));

        cut.Find("tbody input[type=checkbox]").Change(true);
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=action-stop]").HasAttribute("disabled")));
        cut.Find("[data-testid=action-stop]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("You have read-only access to team 'web'.", snackbars.Markup, StringComparison.Ordinal));
        Assert.Equal([("stop", row.Id)], Containers.ActionCalls);
        Assert.DoesNotContain("   at ", snackbars.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContainerList_CatalogChanged_ReloadsTheGrid()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.Containers = [FakeContainerOperations.Summary("web-1")];
        var cut = Render<ContainerList>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=container-link]")));

        Containers.Containers = [.. Containers.Containers, FakeContainerOperations.Summary("web-2")];
        Services.GetRequiredService<CatalogNotifier>().NotifyContainersChanged();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=container-link]").Count));
    }

    [Fact]
    public async Task ContainerList_AnotherEnvironmentsChange_DoesNotReload_UnlessListingEverywhere()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var other = Services.GetRequiredService<Engines>().Add(new EngineEnvironment(9_999, "other"),
            new EngineConnection(new EnvironmentDefinition("other", EnvironmentKind.Socket, "unix:///nonexistent/portal-web-other.sock"), TimeSpan.FromSeconds(100), TimeProvider.System, NullLogger<EngineConnection>.Instance));
        var notifier = Services.GetRequiredService<CatalogNotifier>();
        var cut = Render<ContainerList>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Containers.ListRequests));
        await Task.Delay(CatalogChangeSubscription.Interval, TestContext.Current.CancellationToken);
        var before = Containers.ListRequests.Count;

        using (Engines.Use(other))
        {
            notifier.NotifyContainersChanged();
        }

        await Task.Delay(CatalogChangeSubscription.Interval * 2, TestContext.Current.CancellationToken);
        Assert.Equal(before, Containers.ListRequests.Count);

        // Its own environment's change reloads it.
        notifier.NotifyContainersChanged();
        cut.WaitForAssertion(() => Assert.True(Containers.ListRequests.Count > before));

        // Listing every environment, another environment's change reloads it too.
        cut.Find("input[data-testid=filter-everywhere], [data-testid=filter-everywhere] input").Change(true);
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("th"), th => th.TextContent.Contains("Environment", StringComparison.Ordinal)));
        await Task.Delay(CatalogChangeSubscription.Interval, TestContext.Current.CancellationToken);
        var listing = Containers.ListRequests.Count;
        using (Engines.Use(other))
        {
            notifier.NotifyContainersChanged();
        }

        cut.WaitForAssertion(() => Assert.True(Containers.ListRequests.Count > listing));
    }

    [Fact]
    public async Task ContainerList_Disposed_StopsListeningToTheCatalog()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<ContainerList>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Containers.ListRequests));

        await DisposeComponentsAsync();
        var before = Containers.ListRequests.Count;
        Services.GetRequiredService<CatalogNotifier>().NotifyContainersChanged();
        await Task.Delay(200, TestContext.Current.CancellationToken);

        Assert.Equal(before, Containers.ListRequests.Count);
    }

    [Fact]
    public async Task ContainerList_PublishedPorts_LinkToThePageHostInANewTab()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.Containers = [FakeContainerOperations.Summary("web-1") with { Ports = "0.0.0.0:8080->80/tcp, 127.0.0.1:9090->9090/tcp, 53/udp" }];

        var cut = Render<ContainerList>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=port-link]").Count));
        var links = cut.FindAll("[data-testid=port-link]");
        // bUnit's page is http://localhost/: the port opens on the host the browser used, in a new tab.
        Assert.Equal(["http://localhost:8080/", "http://localhost:9090/"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal(("_blank", "noopener"), (a.GetAttribute("target"), a.GetAttribute("rel"))));
        Assert.Equal("0.0.0.0:8080→80, 127.0.0.1:9090→9090, 53/udp", cut.Find("[data-testid=container-ports]").TextContent.Trim());
    }
}
