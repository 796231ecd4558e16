using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Pages.Images;

namespace Portal.Web.Tests.Pages;

public sealed class ImagePagesTests : PortalTestContext
{
    [Fact]
    public async Task ImageList_Images_ShowsRowsWithTeamAndLinks()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Images.Add("web/app:1.0", team: "web");
        Images.Add("portal-test/busybox:latest");

        var cut = Render<ImageList>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=image-link]").Count));
        Assert.Contains("web/app:1.0", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("/images/web/app%3A1.0", cut.FindAll("[data-testid=image-link]").Select(a => a.GetAttribute("href")).Single(h => h!.Contains("web", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ImageList_QueryFilters_ReachTheEngineRequest()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/images?dangling=dangling&usage=unused&q=app");

        var cut = Render<ImageList>();

        cut.WaitForAssertion(() => Assert.Contains(Images.ListRequests, r => r is { Dangling: true, InUse: false, Text: "app" }));
    }

    [Fact]
    public async Task ImageList_PruneConfirmed_CallsPrune()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ImageList>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=no-images]"));

        cut.Find("[data-testid=prune-images]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-ok]"));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        cut.WaitForAssertion(() => Assert.Contains(Images.Calls, c => c.Action == "prune"));
    }

    [Fact]
    public async Task ImageDetails_Unknown_SaysNotFound()
    {
        await SignInAsync("bob", teams: ("other", TeamRole.Operator));

        var cut = Render<ImageDetails>(p => p.Add(c => c.Reference, "secret/app:1"));

        cut.WaitForAssertion(() => Assert.Equal("No image named 'secret/app:1' was found.", cut.Find("[data-testid=image-not-found]").TextContent.Trim()));
    }

    [Fact]
    public async Task ImageDetails_Known_ShowsOverviewHistoryAndTags()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var image = Images.Add("web/app:1.0", team: "web");
        var cut = Render<ImageDetails>(p => p.Add(c => c.Reference, "web/app:1.0"));
        cut.WaitForAssertion(() => Assert.Equal("web/app:1.0", cut.Find("[data-testid=image-name]").TextContent.Trim()));
        Assert.Contains(image.Summary.Id, cut.Find("[data-testid=image-overview]").TextContent, StringComparison.Ordinal);

        cut.Find("#image-tag-target").Input("web/app:2.0");
        cut.Find("[data-testid=image-tag-add]").Click();

        cut.WaitForAssertion(() => Assert.Contains(("tag", "web/app:1.0", "web/app:2.0"), Images.Calls));
    }

    [Fact]
    public async Task ImageDetails_RemoveRefused_ShowsTheReason()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Images.Add("web/app:1.0", team: "web");
        Images.ChangeFailure = OperationFailedException.Conflict("The image is used by web-1; remove those containers first, or force the removal.");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ImageDetails>(p => p.Add(c => c.Reference, "web/app:1.0"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=image-remove]"));

        cut.Find("[data-testid=image-remove]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-ok]"));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        cut.WaitForAssertion(() => Assert.Contains("used by web-1", cut.Find("[data-testid=image-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImageDetails_Run_OpensTheRunFormWithTheImage_OnTheSameEnvironment()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Images.Add("web/app:1.0", team: "web");

        var cut = Render<ImageDetails>(p => p.Add(c => c.Reference, "web/app:1.0"));

        cut.WaitForAssertion(() => Assert.Equal("/containers/run?image=web%2Fapp%3A1.0", cut.Find("[data-testid=image-run]").GetAttribute("href")));
        // On an entered environment the link carries it, like every in-app link.
        using (Portal.Engine.Docker.Engines.Use(await LocalEnvironmentAsync()))
        {
            Assert.Equal("/containers/run?image=web%2Fapp%3A1.0&env=local", Portal.Web.Utils.PortalUrls.RunImage("web/app:1.0"));
        }
    }
}
