using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Components.Controls;
using Portal.Web.Components.Pages.Containers;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Controls;

/// <summary>
/// A list's filter row on a phone (issue 15, item 2): the search box stays, the other filters fold behind one
/// "Filters" button that counts the active ones and opens and closes them.
/// </summary>
public sealed class FilterBarTests : PortalTestContext
{
    [Fact]
    public void Toggle_OpensAndClosesTheFold_SearchStaysOutsideIt()
    {
        var cut = Render<FilterBar>(p => p
            .Add(b => b.Search, "<input id=\"search\" />")
            .AddChildContent("<input id=\"state\" />"));
        var toggle = cut.Find("[data-testid=filter-toggle]");

        Assert.Null(cut.Find("[data-testid=filter-fold]").QuerySelector("#search"));
        Assert.NotNull(cut.Find("[data-testid=filter-fold]").QuerySelector("#state"));
        Assert.Equal("filter-fold", cut.Find("[data-testid=filter-fold]").ClassName);
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        Assert.Equal(cut.Find("[data-testid=filter-fold]").Id, toggle.GetAttribute("aria-controls"));

        toggle.Click();
        Assert.Contains("filter-fold-open", cut.Find("[data-testid=filter-fold]").ClassList);
        Assert.Equal("true", cut.Find("[data-testid=filter-toggle]").GetAttribute("aria-expanded"));

        cut.Find("[data-testid=filter-toggle]").Click();
        Assert.DoesNotContain("filter-fold-open", cut.Find("[data-testid=filter-fold]").ClassList);
        Assert.Equal("false", cut.Find("[data-testid=filter-toggle]").GetAttribute("aria-expanded"));
    }

    [Fact]
    public void ActiveCount_ShowsABadgeAndNamesItInTheButton_NoneShowsNoBadge()
    {
        var cut = Render<FilterBar>(p => p.Add(b => b.ActiveCount, 0));
        Assert.Empty(cut.FindAll(".mud-badge"));
        Assert.Equal("Filters", cut.Find("[data-testid=filter-toggle]").GetAttribute("aria-label"));

        cut.Render(p => p.Add(b => b.ActiveCount, 2));

        Assert.Equal("2", cut.Find(".mud-badge").TextContent.Trim());
        Assert.Equal("Filters (2 active)", cut.Find("[data-testid=filter-toggle]").GetAttribute("aria-label"));
    }

    [Fact]
    public void Count_CountsTheTrueOnes() =>
        Assert.Equal(2, FilterBar.Count(true, false, true, false));

    [Fact]
    public async Task ContainerList_CountsTheFiltersInItsAddress_NotTheSearch()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.Containers = [FakeContainerOperations.Summary("web-1") with { State = "exited" }];
        Services.GetRequiredService<NavigationManager>().NavigateTo("/containers?all=true&state=exited&team=web&q=web");

        var cut = Render<ContainerList>();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=filter-bar] .mud-badge").TextContent.Trim()));
        // The search box stays in view: it is not in the fold and not counted.
        Assert.NotNull(cut.Find("[data-testid=filter-bar]").QuerySelector("#filter-text"));
        Assert.Null(cut.Find("[data-testid=filter-fold]").QuerySelector("#filter-text"));
        Assert.NotNull(cut.Find("[data-testid=filter-fold] [data-testid=filter-all]"));
    }
}
