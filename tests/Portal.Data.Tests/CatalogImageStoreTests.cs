using Portal.Data.Stores;
using static Portal.Data.Tests.CatalogSnapshots;

namespace Portal.Data.Tests;

/// <summary>The image half of the catalog on a real SQLite file: sync, pull ownership, filters and counts in SQL.</summary>
public sealed class CatalogImageStoreTests : DatabaseTestBase
{
    private const int Endpoint = 1;

    private static readonly string s_base = Image(1);
    private static readonly string s_built = Image(2);
    private static readonly string s_otherBuilt = Image(3);
    private static readonly string s_dangling = Image(4);
    private static readonly string s_pulled = Image(5);

    private CatalogImageStore Images => new(Database.Factory);

    private CatalogStore Containers => new(Database.Factory);

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Sync_SecondIdenticalListing_WritesNothing_GoneImagesDeleted()
    {
        var first = await Images.SyncAsync(Endpoint, Listing(), Now, Token);
        var again = await Images.SyncAsync(Endpoint, Listing(), Now, Token);
        var shrunk = await Images.SyncAsync(Endpoint, Listing().Where(i => i.ImageId != s_dangling).ToList(), Now, Token);

        Assert.Equal(5, first);
        Assert.Equal(0, again);
        Assert.Equal(1, shrunk);
        Assert.Null(await Images.FindAsync(Endpoint, s_dangling, Token));
        Assert.Equal(4, (await Images.QueryAsync(Endpoint, new ImageQuery(), Token)).Total);
    }

    [Fact]
    public async Task RecordPull_FirstTeamKeepsIt_AndResyncsKeepTheTeam()
    {
        await Images.SyncAsync(Endpoint, Listing(), Now, Token);
        var pulled = Listing().Single(i => i.ImageId == s_pulled);

        await Images.RecordPullAsync(Endpoint, pulled, "team-a", "alice", Now, Token);
        await Images.RecordPullAsync(Endpoint, pulled, "team-b", "bob", Now, Token);
        await Images.SyncAsync(Endpoint, Listing(), Now, Token);

        var row = await Images.FindAsync(Endpoint, s_pulled, Token);
        Assert.Equal(("team-a", "alice", (string?)null), (row!.PulledByTeam, row.PulledBy, row.Team));
    }

    [Fact]
    public async Task Tags_PulledOneFirst_KeptThroughResyncs_NewTagsFollow()
    {
        var image = new CatalogImageSnapshot(s_pulled, ["a:1", "b:1"], 10, Day(1), null, null);
        await Images.SyncAsync(Endpoint, [image], Now, Token);
        Assert.Equal("a:1 b:1", (await Images.FindAsync(Endpoint, s_pulled, Token))!.Tags);

        Assert.True(await Images.PreferTagAsync(Endpoint, "b:1", Now, Token));
        Assert.False(await Images.PreferTagAsync(Endpoint, "b:1", Now, Token));
        Assert.False(await Images.PreferTagAsync(Endpoint, "b:", Now, Token));
        var written = await Images.SyncAsync(Endpoint, [image], Now, Token);
        await Images.SyncAsync(Endpoint, [image with { Tags = ["0:1", "a:1", "b:1", "c:1"] }], Now, Token);

        Assert.Equal(0, written);
        var row = Assert.Single((await Images.QueryAsync(Endpoint, new ImageQuery(), Token)).Items);
        Assert.Equal("b:1 a:1 0:1 c:1", row.Image.Tags);
        await Images.SyncAsync(Endpoint, [image with { Tags = ["a:1", "c:1"] }], Now, Token);
        Assert.Equal("a:1 c:1", (await Images.FindAsync(Endpoint, s_pulled, Token))!.Tags);
    }

    [Fact]
    public async Task RecordPull_BeforeTheEventsArrive_InsertsTheRow()
    {
        var pulled = Listing().Single(i => i.ImageId == s_pulled);

        await Images.RecordPullAsync(Endpoint, pulled, "team-a", "alice", Now, Token);

        var row = Assert.Single((await Images.QueryAsync(Endpoint, new ImageQuery(), Token)).Items);
        Assert.Equal((s_pulled, "registry.local/lib/app:1", "team-a"), (row.Image.ImageId, row.Image.Tags, row.Image.PulledByTeam));
    }

    [Theory]
    [InlineData(null, "1,2,3,4,5")]
    [InlineData("team-a", "1,2,4,5")]
    [InlineData("TEAM-B", "1,3,4,5")]
    [InlineData("", "1,4,5")]
    public async Task Query_Teams_HideOtherTeamsLabelledImagesOnly(string? teams, string expected)
    {
        await SeedAsync();

        var page = await Images.QueryAsync(Endpoint, new ImageQuery { Teams = teams?.Split(',', StringSplitOptions.RemoveEmptyEntries) }, Token);

        Assert.Equal(expected, Numbers(page.Items));
        Assert.Equal(page.Items.Count, page.Total);
    }

    [Theory]
    [InlineData(true, null, null, "4")]
    [InlineData(false, null, null, "1,2,3,5")]
    [InlineData(null, true, null, "1,2")]
    [InlineData(null, false, null, "3,4,5")]
    [InlineData(null, null, "LIB/APP", "5")]
    [InlineData(null, null, "team-b", "3")]
    [InlineData(null, null, "team-a", "2,5")]
    [InlineData(false, true, "busybox", "1")]
    public async Task Query_Filters_RunInSql(bool? dangling, bool? inUse, string? text, string expected)
    {
        await SeedAsync();

        var page = await Images.QueryAsync(Endpoint, new ImageQuery { Dangling = dangling, InUse = inUse, Text = text }, Token);

        Assert.Equal(expected, Numbers(page.Items));
    }

    [Fact]
    public async Task Query_ContainerCountsAndInUse_OnlyTheCallersTeamsContainers()
    {
        await SeedAsync();

        var admin = (await Images.QueryAsync(Endpoint, new ImageQuery(), Token)).Items.ToDictionary(r => r.Image.ImageId);
        var teamB = (await Images.QueryAsync(Endpoint, new ImageQuery { Teams = ["team-b"] }, Token)).Items.ToDictionary(r => r.Image.ImageId);
        var teamC = (await Images.QueryAsync(Endpoint, new ImageQuery { Teams = ["team-c"] }, Token)).Items.ToDictionary(r => r.Image.ImageId);

        Assert.Equal((3, true), (admin[s_base].VisibleContainers, admin[s_base].InUse));
        Assert.Equal((1, true), (admin[s_built].VisibleContainers, admin[s_built].InUse));
        Assert.Equal((1, true), (teamB[s_base].VisibleContainers, teamB[s_base].InUse));
        Assert.Equal((0, false), (admin[s_pulled].VisibleContainers, admin[s_pulled].InUse));
        // Other teams' containers run the shared base image, yet for team C it is unused.
        Assert.Equal((0, false), (teamC[s_base].VisibleContainers, teamC[s_base].InUse));
    }

    [Fact]
    public async Task Query_InUseFilterAndTotal_OtherTeamsContainersDoNotCount()
    {
        await SeedAsync();

        var used = await Images.QueryAsync(Endpoint, new ImageQuery { Teams = ["team-c"], InUse = true }, Token);
        var unused = await Images.QueryAsync(Endpoint, new ImageQuery { Teams = ["team-c"], InUse = false }, Token);

        Assert.Equal((0, 0), (used.Total, used.Items.Count));
        Assert.Equal(3, unused.Total);
        Assert.Contains(unused.Items, r => r.Image.ImageId == s_base);
    }

    [Theory]
    [InlineData("created", true, 0, 2, "5,4")]
    [InlineData("created", false, 0, 2, "1,2")]
    [InlineData("size", true, 1, 2, "5,3")]
    [InlineData("tags", false, 0, 5, "2,3,1,5,4")]
    public async Task Query_SortAndPage(string sort, bool descending, int skip, int take, string expected)
    {
        await SeedAsync();

        var page = await Images.QueryAsync(Endpoint, new ImageQuery { Sort = sort, Descending = descending, Skip = skip, Take = take }, Token);

        Assert.Equal(expected, string.Join(',', page.Items.Select(r => Number(r.Image.ImageId))));
        Assert.Equal(5, page.Total);
    }

    private async Task SeedAsync()
    {
        await Images.SyncAsync(Endpoint, Listing(), Now, Token);
        await Images.RecordPullAsync(Endpoint, Listing().Single(i => i.ImageId == s_pulled), "team-a", "alice", Now, Token);
        // The base image runs in three containers (teams a, b and none); team-a's build in one; one container is history.
        var containers = new[]
        {
            Of(NewId(), "a-run", team: "team-a") with { ImageId = s_base },
            Of(NewId(), "b-run", team: "team-b") with { ImageId = s_base },
            Of(NewId(), "none-run") with { ImageId = s_base },
            Of(NewId(), "a-app", team: "team-a") with { ImageId = s_built },
        };
        await Containers.SyncContainersAsync(Endpoint, containers, Now, Token);
        var gone = Of(NewId(), "gone", team: "team-b") with { ImageId = s_otherBuilt };
        await Containers.UpsertContainerAsync(Endpoint, gone, Now, Token);
        await Containers.MarkContainerRemovedAsync(Endpoint, gone.ContainerId, "bob", Now, Token);
    }

    /// <summary>Five images, created a day apart in this order, sizes 100..500 except the dangling one (largest).</summary>
    private static List<CatalogImageSnapshot> Listing() =>
    [
        new(s_base, ["busybox:latest"], 100, Day(1), null, null),
        new(s_built, ["app/a:1", "app/a:latest"], 200, Day(2), "team-a", "alice"),
        new(s_otherBuilt, ["app/b:1"], 300, Day(3), "team-b", "bob"),
        new(s_dangling, [], 900, Day(4), null, null),
        new(s_pulled, ["registry.local/lib/app:1"], 400, Day(5), null, null),
    ];

    private static DateTime Day(int day) => new(2026, 1, day, 0, 0, 0, DateTimeKind.Utc);

    private static string Image(int n) => "sha256:" + n.ToString("x", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64, '0');

    private static int Number(string imageId) => Convert.ToInt32(imageId[^4..], 16);

    private static string Numbers(IEnumerable<CatalogImageRow> rows) =>
        string.Join(',', rows.Select(r => Number(r.Image.ImageId)).Order());
}
