using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.Containers;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

public sealed class ContainerDetailsTests : PortalTestContext
{
    [Fact]
    public async Task ContainerDetails_UnknownName_SaysNotFound()
    {
        await SignInAsync("bob", teams: ("other", TeamRole.Operator));

        var cut = Render<ContainerDetails>(p => p.Add(c => c.IdOrName, "secret-web"));

        cut.WaitForAssertion(() => Assert.Equal("No container named 'secret-web' was found.", cut.Find("[data-testid=container-not-found]").TextContent.Trim()));
    }

    [Fact]
    public async Task ContainerDetails_Known_ShowsOverviewAndStops()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var row = FakeContainerOperations.Summary("web-1");
        Containers.Containers = [row];

        var cut = Render<ContainerDetails>(p => p.Add(c => c.IdOrName, "web-1"));
        cut.WaitForAssertion(() => Assert.Equal("web-1", cut.Find("[data-testid=container-name]").TextContent.Trim()));
        Assert.Contains(row.Id, cut.Find("[data-testid=container-overview]").TextContent, StringComparison.Ordinal);
        Assert.Contains("httpd -f", cut.Find("[data-testid=container-overview]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=details-stop]").Click();

        cut.WaitForAssertion(() => Assert.Equal([("stop", row.Id)], Containers.ActionCalls));
    }

    [Fact]
    public async Task ContainerDetails_StopTimeoutSet_PassedToStop()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var row = FakeContainerOperations.Summary("web-1");
        Containers.Containers = [row];
        var cut = Render<ContainerDetails>(p => p.Add(c => c.IdOrName, "web-1"));
        cut.WaitForAssertion(() => Assert.Equal("web-1", cut.Find("[data-testid=container-name]").TextContent.Trim()));

        cut.Find("input[data-testid=details-stop-timeout]").Change("3");
        cut.Find("[data-testid=details-stop]").Click();

        cut.WaitForAssertion(() => Assert.Equal([3], Containers.StopTimeouts));
    }

    [Fact]
    public async Task ContainerDetails_TabClicked_PutsTabInUrl()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.Containers = [FakeContainerOperations.Summary("web-1")];
        var cut = Render<ContainerDetails>(p => p.Add(c => c.IdOrName, "web-1"));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-tab")));

        cut.FindAll(".mud-tab").Single(t => t.TextContent.StartsWith("Labels", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/containers/web-1?tab=labels", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
    }
}
