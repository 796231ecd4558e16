using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Pages.Containers;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

/// <summary>The details page while an action runs, and the buttons and facts a state allows (issue 15, items 4 and 9).</summary>
public sealed class ContainerDetailsStateTests : PortalTestContext
{
    [Fact]
    public async Task Stop_ShowsStoppingUntilAnswered_ThenTheRealState()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var row = FakeContainerOperations.Summary("web-1");
        Containers.Containers = [row];
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Containers.ActionsHeld = answer.Task;
        var cut = Render<ContainerDetails>(p => p.Add(c => c.IdOrName, "web-1"));
        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-testid=state-chip]").TextContent.Trim()));
        Assert.True(cut.Find("[data-testid=details-start]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=details-stop]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=exit-code]"));

        cut.Find("[data-testid=details-stop]").Click();

        cut.WaitForAssertion(() => Assert.Equal("stopping…", cut.Find("[data-testid=state-chip]").TextContent.Trim()));
        Assert.Equal("true", cut.Find("[data-testid=state-chip]").GetAttribute("data-pending"));
        cut.Find("[data-testid=state-chip] .mud-progress-circular");

        // The engine stopped it; the answer arrives.
        Containers.Containers = [row with { State = "exited", Status = "Exited (137) 1 second ago" }];
        answer.SetResult();

        // The reload renders the real state while the action is still finishing; the buttons follow in the next render.
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("exited", cut.Find("[data-testid=state-chip]").TextContent.Trim());
            Assert.Null(cut.Find("[data-testid=state-chip]").GetAttribute("data-pending"));
            Assert.False(cut.Find("[data-testid=details-start]").HasAttribute("disabled"));
            Assert.True(cut.Find("[data-testid=details-stop]").HasAttribute("disabled"));
            Assert.True(cut.Find("[data-testid=details-kill]").HasAttribute("disabled"));
            cut.Find("[data-testid=exit-code]");
        });
    }

    [Fact]
    public async Task Stop_Refused_ShowsTheErrorAndTheRealState()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.Containers = [FakeContainerOperations.Summary("web-1")];
        Containers.ActionFailure = (action, _) => action == "stop" ? OperationFailedException.Conflict("The engine refused: container is marked for removal.") : null;
        var cut = Render<ContainerDetails>(p => p.Add(c => c.IdOrName, "web-1"));
        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-testid=state-chip]").TextContent.Trim()));

        cut.Find("[data-testid=details-stop]").Click();

        cut.WaitForAssertion(() => Assert.Contains("marked for removal", cut.Find("[data-testid=details-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal("running", cut.Find("[data-testid=state-chip]").TextContent.Trim());
    }
}
