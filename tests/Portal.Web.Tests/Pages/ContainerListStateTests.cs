using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.Containers;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

/// <summary>The containers list while an action runs on the selection (issue 15, item 4).</summary>
public sealed class ContainerListStateTests : PortalTestContext
{
    [Fact]
    public async Task ContainerList_Stop_RowShowsStoppingUntilAnswered_ThenTheRealState()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var row = FakeContainerOperations.Summary("web-1");
        var other = FakeContainerOperations.Summary("web-2");
        Containers.Containers = [row, other];
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Containers.ActionsHeld = answer.Task;
        // Stopped containers shown too, so the stopped row stays in the list.
        Services.GetRequiredService<NavigationManager>().NavigateTo("/containers?all=true");
        var cut = Render<ContainerList>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=container-link]").Count));

        cut.FindAll("tbody tr").Single(r => r.TextContent.Contains("web-1", StringComparison.Ordinal)).QuerySelector("input[type=checkbox]")!.Change(true);
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=action-stop]").HasAttribute("disabled")));
        cut.Find("[data-testid=action-stop]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["running", "stopping…"], Chips(cut)));

        Containers.Containers = [row with { State = "exited", Status = "Exited (137) 1 second ago" }, other];
        answer.SetResult();

        cut.WaitForAssertion(() => Assert.Equal(["exited", "running"], Chips(cut)));
    }

    private static List<string> Chips(IRenderedComponent<ContainerList> cut) =>
        [.. cut.FindAll("[data-testid=state-chip]").Select(c => c.TextContent.Trim()).Order(StringComparer.Ordinal)];
}
