using Portal.Data.Entities;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Pages.Images;

namespace Portal.Web.Tests.Pages;

public sealed class BuildImageTests : PortalTestContext
{
    [Fact]
    public async Task Editor_Build_StreamsLogAndShowsFailingStep()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<BuildImage>();
        cut.FindAll(".mud-tab")[1].Click();

        cut.Find("#build-dockerfile-text").Input("FROM portal-test/busybox:latest\nRUN exit 3\n");
        cut.Find("#build-tags").Input("web/app:1 web/app:latest");
        cut.Find("#build-args").Input("A=1");
        cut.Find("[data-testid=build-start]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Running", cut.Find("[data-testid=build-state]").TextContent.Trim()));
        var (request, hasArchive) = Assert.Single(Builds.Requests);
        Assert.False(hasArchive);
        Assert.Equal(["web/app:1", "web/app:latest"], request.Tags);
        Assert.Equal("1", request.BuildArgs["A"]);
        Assert.StartsWith("FROM portal-test/busybox:latest", request.DockerfileText, StringComparison.Ordinal);

        var job = Transfers.GetJob(null!, Assert.Single(Transfers.ListJobs(null!)).Id);
        Transfers.Publish(job with { Log = ["Step 1/2 : FROM portal-test/busybox:latest", "Step 2/2 : RUN exit 3"], Status = "Step 2/2 : RUN exit 3", Version = 2 });
        cut.WaitForAssertion(() => Assert.Contains("Step 2/2 : RUN exit 3", cut.Find("[data-testid=build-log]").TextContent, StringComparison.Ordinal));

        Transfers.Publish(job with
        {
            State = ImageJobState.Failed, FailedStep = "Step 2/2 : RUN exit 3", Error = "The build failed at Step 2/2 : RUN exit 3: returned a non-zero code: 3",
            FinishedAt = DateTime.UtcNow, Version = 3,
        });
        cut.WaitForAssertion(() => Assert.Equal("Step 2/2 : RUN exit 3", cut.Find("[data-testid=build-failed-step]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=build-cancel]"));
    }

    [Fact]
    public async Task Refusal_ShowsTheReason()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Builds.Failure = new OperationFailedException(OperationOutcome.Forbidden, "Refused by rule 'no-host-namespaces': a build on network 'host' would reach the host; only administrators may.");
        var cut = Render<BuildImage>();
        cut.FindAll(".mud-tab")[1].Click();

        cut.Find("#build-network").Input("host");
        cut.Find("[data-testid=build-start]").Click();

        cut.WaitForAssertion(() => Assert.Contains("no-host-namespaces", cut.Find("[data-testid=build-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ArchiveMode_BuildDisabledUntilAFileIsChosen()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<BuildImage>();

        Assert.True(cut.Find("[data-testid=build-start]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Folder_Chosen_UploadsThroughTheModuleToTheBuildApi_ThenFollowsTheJob()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var job = Portal.Web.Tests.Fakes.FakeImageTransfers.Running("web/app:1") with { Kind = "build" };
        Transfers.Publish(job);
        var module = JSInterop.SetupModule("./js/folder-build.js");
        module.SetupVoid("watch", _ => true);
        var upload = module.Setup<Portal.Web.Model.FolderUploadAnswer>("upload", _ => true);
        upload.SetResult(new(202, $"{{\"id\":\"{job.Id}\",\"state\":\"Running\"}}"));
        var cut = Render<BuildImage>();
        cut.FindAll(".mud-tab")[2].Click();
        cut.Find("#build-tags").Input("web/app:1");

        await cut.InvokeAsync(() => cut.Instance.OnFolderChosen("app", 3, 2048));
        cut.WaitForAssertion(() => Assert.Equal("app: 3 files, 2 KiB", cut.Find("[data-testid=build-folder-summary]").TextContent.Trim()));
        cut.Find("[data-testid=build-start]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Running", cut.Find("[data-testid=build-state]").TextContent.Trim()));
        var call = Assert.Single(module.Invocations["upload"]);
        Assert.Equal("api/v1/images/build?tag=web%2Fapp%3A1", call.Arguments[1]);
        Assert.Empty(Builds.Requests);
    }

    [Fact]
    public async Task Folder_OverTheLimit_RefusedBeforeUpload()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var module = JSInterop.SetupModule("./js/folder-build.js");
        module.SetupVoid("watch", _ => true);
        var cut = Render<BuildImage>();
        cut.FindAll(".mud-tab")[2].Click();

        await cut.InvokeAsync(() => cut.Instance.OnFolderChosen("huge", 1, long.MaxValue / 2));

        cut.WaitForAssertion(() => Assert.StartsWith("The build context is larger than the limit", cut.Find("[data-testid=build-error]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid=build-start]").HasAttribute("disabled") || cut.Find("[data-testid=build-start]").ClassList.Contains("mud-button-disabled"));
        Assert.Empty(module.Invocations["upload"]);
    }
}
