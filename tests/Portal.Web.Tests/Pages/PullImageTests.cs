using Portal.Data.Entities;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Pages.Images;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

public sealed class PullImageTests : PortalTestContext
{
    [Fact]
    public async Task PullImage_Started_ShowsLayerProgressUntilDone()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<PullImage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=no-pulls]"));

        cut.Find("#pull-reference").Input("127.0.0.1:5000/web/app:1");
        cut.Find("[data-testid=pull-start]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Running", cut.Find("[data-testid=pull-state]").TextContent.Trim()));
        var job = Transfers.GetJob(null!, Assert.Single(Transfers.ListJobs(null!)).Id);
        Transfers.Publish(job with { Layers = [new LayerProgress("abc", "Downloading", 50, 200, false)], Version = 2 });

        cut.WaitForAssertion(() => Assert.Contains("Downloading 50 B / 200 B", cut.Find("[data-testid=pull-layer]").TextContent, StringComparison.Ordinal));
        Assert.Equal(["127.0.0.1:5000/web/app:1"], Transfers.Pulls);

        Transfers.Publish(job with { State = ImageJobState.Succeeded, Layers = [new LayerProgress("abc", "Pull complete", 0, 0, true)], FinishedAt = DateTime.UtcNow, Version = 3 });

        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=pull-state]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=pull-cancel]"));
    }

    [Fact]
    public async Task PullImage_JobStartedEarlier_ReattachesAndCancels()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var job = FakeImageTransfers.Running("web/app:2", new LayerProgress("def", "Extracting", 10, 100, false));
        Transfers.Seed(job);

        var cut = Render<PullImage>();
        cut.WaitForAssertion(() => Assert.Contains("web/app:2", cut.Find("[data-testid=pull-job]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=pull-cancel]").Click();

        Assert.Equal([job.Id], Transfers.Cancels);
        await DisposeComponentsAsync();
        Assert.Equal([job.Id], Transfers.WatchesCancelled);
    }

    [Fact]
    public async Task PullImage_Refused_ShowsTheReason()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Transfers.PullFailure = OperationFailedException.Invalid("'NOPE' is not a valid repository name.");
        var cut = Render<PullImage>();

        cut.Find("#pull-reference").Input("NOPE");
        cut.Find("[data-testid=pull-start]").Click();

        cut.WaitForAssertion(() => Assert.Contains("not a valid repository name", cut.Find("[data-testid=pull-error]").TextContent, StringComparison.Ordinal));
    }
}
