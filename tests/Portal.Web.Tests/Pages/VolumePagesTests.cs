using Portal.Data.Entities;
using Portal.Engine.Docker;
using Portal.Engine.Volumes;
using VolumeDetails = Portal.Web.Components.Pages.Volumes.VolumeDetails;
using Portal.Web.Components.Pages.Storage;
using Portal.Web.Components.Pages.Volumes;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

public sealed class VolumePagesTests : PortalTestContext
{
    [Fact]
    public async Task VolumeList_ShowsSizeAndUsers()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Volumes.Add(FakeVolumeOperations.Summary("data", usedBy: "web-1"));

        var cut = Render<VolumeList>();

        cut.WaitForAssertion(() => Assert.Equal("data", cut.Find("[data-testid=volume-link]").TextContent.Trim()));
        var table = cut.Find("[data-testid=volumes-table]").TextContent;
        Assert.Contains("2 KiB", table, StringComparison.Ordinal);
        Assert.Contains("web-1", table, StringComparison.Ordinal);
        Assert.DoesNotContain("Mount point", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VolumeDetails_BrowsesFolderAndLinksDownloads()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Volumes.Add(FakeVolumeOperations.Summary("data"));
        var modified = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Volumes.Listings[("data", "/")] = new VolumeListing("data", "/",
        [
            new VolumeEntry("logs", "/logs", VolumeEntryKind.Directory, 10, modified, null),
            new VolumeEntry("hello.txt", "/hello.txt", VolumeEntryKind.File, 6, modified, null),
        ], Truncated: false);

        var cut = Render<VolumeDetails>(p => p.Add(c => c.Name, "data"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=browse-entry]").Count));
        Assert.Contains("hello.txt", cut.Find("[data-testid=browse-table]").TextContent, StringComparison.Ordinal);
        var links = cut.FindAll("[data-testid=download-entry]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/api/v1/volumes/data/download?path=%2Fhello.txt", links);
        Assert.Equal("/volumes/data?path=%2Flogs", cut.Find("[data-testid=browse-table] a").GetAttribute("href"));
    }

    [Fact]
    public async Task VolumeDetails_MissingPath_ShowsBrowseError()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Volumes.Add(FakeVolumeOperations.Summary("data"));

        var cut = Render<VolumeDetails>(p => p.Add(c => c.Name, "data"));

        cut.WaitForAssertion(() => Assert.Equal("There is no '/' in volume 'data'.", cut.Find("[data-testid=browse-error]").TextContent.Trim()));
    }

    [Fact]
    public async Task VolumeDetails_Unknown_SaysNotFound()
    {
        await SignInAsync("bob", teams: ("other", TeamRole.Operator));

        var cut = Render<VolumeDetails>(p => p.Add(c => c.Name, "secret"));

        cut.WaitForAssertion(() => Assert.Equal("No volume named 'secret' was found.", cut.Find("[data-testid=volume-not-found]").TextContent.Trim()));
    }

    [Fact]
    public async Task DiskUsage_NonAdmin_SeesOwnTeamOnlyWithoutImages()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var web = new Dictionary<string, string> { ["io.portal.team"] = "web" };
        var other = new Dictionary<string, string> { ["io.portal.team"] = "other" };
        DiskUsage.Data = new DiskUsageData(5_000_000,
            [new DiskUsageItem("img", 5_000_000, 0, true, new Dictionary<string, string>())],
            [new DiskUsageItem("c1", 1000, 0, false, web), new DiskUsageItem("c2", 9999, 0, false, other)],
            [new DiskUsageItem("v1", 3000, 0, true, web)],
            []);

        var cut = Render<DiskUsagePage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=df-row]").Count));
        var text = cut.Find("[data-testid=df-table]").TextContent;
        Assert.DoesNotContain("Images", text, StringComparison.Ordinal);
        Assert.Contains("1000 B", text, StringComparison.Ordinal);
        Assert.DoesNotContain("9.76 KiB", text, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=prune-images]"));
        Assert.Single(cut.FindAll("[data-testid=prune-containers]"));
    }

    [Fact]
    public async Task DiskUsage_Admin_SeesImagesAndBuildCache()
    {
        await SignInAsync("root", admin: true);
        DiskUsage.Data = new DiskUsageData(5_000_000, [new DiskUsageItem("img", 5_000_000, 0, false, new Dictionary<string, string>())], [], [], []);

        var cut = Render<DiskUsagePage>();

        cut.WaitForAssertion(() => Assert.True(4 == cut.FindAll("[data-testid=df-row]").Count, cut.Markup));
        Assert.Contains("4.77 MiB", cut.Find("[data-testid=df-table]").TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=prune-images]"));
    }
}
