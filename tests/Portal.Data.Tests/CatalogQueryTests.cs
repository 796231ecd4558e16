using Portal.Data.Stores;
using static Portal.Data.Tests.CatalogSnapshots;

namespace Portal.Data.Tests;

public sealed class CatalogQueryTests : DatabaseTestBase
{
    private const int Endpoint = 1;

    private CatalogStore Catalog => new(Database.Factory);

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    [Theory]
    [InlineData("team-a", "a-exit,a-run")]
    [InlineData("TEAM-A", "a-exit,a-run")]
    [InlineData("team-a,team-b", "a-exit,a-run,b-run")]
    [InlineData("", "")]
    [InlineData(null, "a-exit,a-run,b-run,none")]
    public async Task QueryContainers_TeamFilter_OnlyThoseTeams(string? teams, string expected)
    {
        await SeedAsync();
        var query = new ContainerQuery { All = true, Teams = teams?.Split(',', StringSplitOptions.RemoveEmptyEntries) };

        var page = await Catalog.QueryContainersAsync(Endpoint, query, Token);

        Assert.Equal(Split(expected), page.Items.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(page.Items.Count, page.Total);
    }

    [Theory]
    [InlineData(false, null, null, "a-run,b-run,none")]
    [InlineData(true, null, null, "a-exit,a-run,b-run,none")]
    [InlineData(true, "exited", null, "a-exit")]
    [InlineData(false, "exited", null, "")]
    [InlineData(true, null, "RUN", "a-run,b-run")]
    [InlineData(true, null, "nginx", "none")]
    [InlineData(true, null, "  a-  ", "a-exit,a-run")]
    [InlineData(true, "running", "b-", "b-run")]
    public async Task QueryContainers_StateAndText_Filtered(bool all, string? state, string? text, string expected)
    {
        await SeedAsync();

        var page = await Catalog.QueryContainersAsync(Endpoint, new ContainerQuery { All = all, State = state, Text = text }, Token);

        Assert.Equal(Split(expected), page.Items.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0, 10, 10, "c00")]
    [InlineData(10, 10, 10, "c10")]
    [InlineData(20, 10, 5, "c20")]
    [InlineData(30, 10, 0, null)]
    [InlineData(-5, 3, 3, "c00")]
    public async Task QueryContainers_Paging_TotalCountsEveryMatch(int skip, int take, int count, string? first)
    {
        var rows = Enumerable.Range(0, 25).Select(i => Of(NewId(), $"c{i:00}")).Reverse().ToList();
        await Catalog.SyncContainersAsync(Endpoint, rows, Now, Token);

        var page = await Catalog.QueryContainersAsync(Endpoint, new ContainerQuery { Skip = skip, Take = take }, Token);

        Assert.Equal(25, page.Total);
        Assert.Equal(count, page.Items.Count);
        Assert.Equal(first, page.Items.FirstOrDefault()?.Name);
    }

    [Fact]
    public async Task QueryContainers_TakeAboveCap_CappedAtMaxPageSize()
    {
        var rows = Enumerable.Range(0, CatalogStore.MaxPageSize + 5).Select(i => Of(NewId(), $"n{i:0000}")).ToList();
        await Catalog.SyncContainersAsync(Endpoint, rows, Now, Token);

        var page = await Catalog.QueryContainersAsync(Endpoint, new ContainerQuery { Take = int.MaxValue }, Token);

        Assert.Equal(CatalogStore.MaxPageSize, page.Items.Count);
        Assert.Equal(CatalogStore.MaxPageSize + 5, page.Total);
    }

    [Theory]
    [InlineData("name", false, "a-exit,a-run,b-run,none")]
    [InlineData("name", true, "none,b-run,a-run,a-exit")]
    [InlineData("image", false, "a-exit,a-run,b-run,none")]
    [InlineData("image", true, "none,a-exit,a-run,b-run")]
    [InlineData("state", false, "a-exit,a-run,b-run,none")]
    [InlineData("team", true, "b-run,a-exit,a-run,none")]
    public async Task QueryContainers_Sort_Ordered(string sort, bool descending, string expected)
    {
        await SeedAsync();

        var page = await Catalog.QueryContainersAsync(Endpoint, new ContainerQuery { All = true, Sort = sort, Descending = descending }, Token);

        Assert.Equal(Split(expected), page.Items.Select(c => c.Name));
    }

    /// <summary>Two of team-a (one running, one exited), one of team-b, one unowned nginx.</summary>
    private Task SeedAsync() => Catalog.SyncContainersAsync(Endpoint,
    [
        Of(NewId(), "a-run", team: "team-a"),
        Of(NewId(), "a-exit", state: "exited", team: "team-a"),
        Of(NewId(), "b-run", team: "team-b"),
        Of(NewId(), "none", image: "nginx:1"),
    ], Now, Token);

    private static string[] Split(string csv) => csv.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
