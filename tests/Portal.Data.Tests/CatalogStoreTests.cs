using Portal.Data.Stores;
using static Portal.Data.Tests.CatalogSnapshots;

namespace Portal.Data.Tests;

public sealed class CatalogStoreTests : DatabaseTestBase
{
    private const int Endpoint = 1;

    private CatalogStore Catalog => new(Database.Factory);

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task SyncContainers_MissingFromListing_MarkedRemovedAndKept()
    {
        var (keep, gone) = (NewId(), NewId());
        await Catalog.SyncContainersAsync(Endpoint, [Of(keep, "keep"), Of(gone, "gone")], Now, Token);
        Time.Advance(TimeSpan.FromMinutes(5));

        await Catalog.SyncContainersAsync(Endpoint, [Of(keep, "keep")], Now, Token);

        Assert.Null(await Catalog.FindContainerAsync(Endpoint, "gone", includeRemoved: false, Token));
        var history = await Catalog.FindContainerAsync(Endpoint, "gone", includeRemoved: true, Token);
        Assert.NotNull(history);
        Assert.Equal(gone, history.ContainerId);
        Assert.Equal("removed", history.State);
        Assert.Equal(Now, history.RemovedAt);
        Assert.Equal(DateTimeKind.Utc, history.RemovedAt!.Value.Kind);
        Assert.Null(history.RemovedBy);
        var removed = await Catalog.QueryContainersAsync(Endpoint, new ContainerQuery { Removed = true }, Token);
        Assert.Equal(gone, Assert.Single(removed.Items).ContainerId);
        var live = await Catalog.QueryContainersAsync(Endpoint, new ContainerQuery { All = true }, Token);
        Assert.Equal(keep, Assert.Single(live.Items).ContainerId);
    }

    [Fact]
    public async Task UpsertContainers_SameNewContainerFromTwoWriters_OneRecordNoError()
    {
        // The events watcher and an operation's own refresh insert the same new container at once.
        for (var round = 0; round < 20; round++)
        {
            var id = NewId();
            var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
                new CatalogStore(Database.Factory).UpsertContainersAsync(Endpoint, [Of(id, "race-" + round)], [], Now, Token), Token));

            await Task.WhenAll(writers);

            var page = await Catalog.QueryContainersAsync(Endpoint, new ContainerQuery { All = true, Text = "race-" + round, Take = 10 }, Token);
            Assert.Equal(id, Assert.Single(page.Items).ContainerId);
        }
    }

    [Fact]
    public async Task SyncContainers_SecondTimeUnchanged_KeepsFirstRemovalTime()
    {
        var gone = NewId();
        await Catalog.SyncContainersAsync(Endpoint, [Of(gone, "gone")], Now, Token);
        await Catalog.SyncContainersAsync(Endpoint, [], Now, Token);
        var removedAt = Now;
        Time.Advance(TimeSpan.FromHours(1));

        await Catalog.SyncContainersAsync(Endpoint, [], Now, Token);

        var row = await Catalog.FindContainerAsync(Endpoint, gone, includeRemoved: true, Token);
        Assert.Equal(removedAt, row?.RemovedAt);
    }

    [Fact]
    public async Task SyncContainers_ChangedState_Updated()
    {
        var id = NewId();
        await Catalog.SyncContainersAsync(Endpoint, [Of(id, "web")], Now, Token);

        var changed = await Catalog.SyncContainersAsync(Endpoint, [Of(id, "web-renamed", state: "exited")], Now, Token);

        Assert.Equal(1, changed);
        var row = await Catalog.FindContainerAsync(Endpoint, id, includeRemoved: false, Token);
        Assert.Equal(("web-renamed", "exited"), (row?.Name, row?.State));
    }

    [Fact]
    public async Task SyncContainers_OtherEndpoint_Untouched()
    {
        var other = NewId();
        await Catalog.SyncContainersAsync(2, [Of(other, "elsewhere")], Now, Token);

        await Catalog.SyncContainersAsync(Endpoint, [], Now, Token);

        Assert.NotNull(await Catalog.FindContainerAsync(2, other, includeRemoved: false, Token));
        Assert.Null(await Catalog.FindContainerAsync(Endpoint, other, includeRemoved: true, Token));
    }

    [Fact]
    public async Task SyncContainers_RemovedThenListedAgain_LiveAgain()
    {
        var id = NewId();
        await Catalog.SyncContainersAsync(Endpoint, [Of(id, "phoenix")], Now, Token);
        await Catalog.SyncContainersAsync(Endpoint, [], Now, Token);

        await Catalog.SyncContainersAsync(Endpoint, [Of(id, "phoenix")], Now, Token);

        var row = await Catalog.FindContainerAsync(Endpoint, "phoenix", includeRemoved: false, Token);
        Assert.NotNull(row);
        Assert.Null(row.RemovedAt);
    }

    [Fact]
    public async Task UpsertContainers_ListingOlderThanRemoval_DoesNotRevive()
    {
        var id = NewId();
        await Catalog.UpsertContainerAsync(Endpoint, Of(id, "stale"), Now, Token);
        var listedAt = Now;
        Time.Advance(TimeSpan.FromMilliseconds(50));
        await Catalog.MarkContainerRemovedAsync(Endpoint, id, "alice", Now, Token);

        await Catalog.UpsertContainersAsync(Endpoint, [Of(id, "stale")], [], listedAt, Token);

        Assert.Null(await Catalog.FindContainerAsync(Endpoint, "stale", includeRemoved: false, Token));
        var history = await Catalog.FindContainerAsync(Endpoint, "stale", includeRemoved: true, Token);
        Assert.Equal("alice", history!.RemovedBy);
    }

    [Fact]
    public async Task MarkContainerRemoved_Twice_KeepsFirstTimeAndRemover()
    {
        var id = NewId();
        await Catalog.UpsertContainerAsync(Endpoint, Of(id, "web"), Now, Token);
        await Catalog.MarkContainerRemovedAsync(Endpoint, id, "alice", Now, Token);
        var first = Now;
        Time.Advance(TimeSpan.FromSeconds(3));

        await Catalog.MarkContainerRemovedAsync(Endpoint, id, null, Now, Token);

        var row = await Catalog.FindContainerAsync(Endpoint, id, includeRemoved: true, Token);
        Assert.Equal((first, "alice", "removed"), (row?.RemovedAt, row?.RemovedBy, row?.State));
    }

    [Fact]
    public async Task MarkContainerRemoved_UnknownId_NoRecord()
    {
        var id = NewId();

        await Catalog.MarkContainerRemovedAsync(Endpoint, id, "alice", Now, Token);

        Assert.Null(await Catalog.FindContainerAsync(Endpoint, id, includeRemoved: true, Token));
    }

    [Theory]
    [InlineData("full-id")]
    [InlineData("name")]
    [InlineData("slash-name")]
    [InlineData("short-id")]
    [InlineData("four-char-prefix")]
    public async Task FindContainer_ByIdNameOrPrefix_Found(string how)
    {
        var id = NewId();
        await Catalog.UpsertContainerAsync(Endpoint, Of(id, "findme"), Now, Token);
        var key = how switch
        {
            "full-id" => id,
            "name" => "findme",
            "slash-name" => "/findme",
            "short-id" => id[..12],
            _ => id[..4],
        };

        var row = await Catalog.FindContainerAsync(Endpoint, key, includeRemoved: false, Token);

        Assert.Equal(id, row?.ContainerId);
    }

    [Fact]
    public async Task FindContainer_AmbiguousPrefix_Null()
    {
        var prefix = NewId()[..6];
        var (first, second) = (prefix + NewId()[6..], prefix + NewId()[6..]);
        await Catalog.SyncContainersAsync(Endpoint, [Of(first, "one"), Of(second, "two")], Now, Token);

        Assert.Null(await Catalog.FindContainerAsync(Endpoint, prefix, includeRemoved: false, Token));
        Assert.Equal(first, (await Catalog.FindContainerAsync(Endpoint, first[..20], includeRemoved: false, Token))?.ContainerId);
    }

    [Fact]
    public async Task FindContainer_PrefixShorterThanFour_Null()
    {
        var id = NewId();
        await Catalog.UpsertContainerAsync(Endpoint, Of(id, "short"), Now, Token);

        Assert.Null(await Catalog.FindContainerAsync(Endpoint, id[..3], includeRemoved: false, Token));
    }

    [Fact]
    public async Task FindContainer_NameReusedAfterRemoval_LiveRecordFirst()
    {
        var (old, current) = (NewId(), NewId());
        await Catalog.UpsertContainerAsync(Endpoint, Of(old, "reused"), Now, Token);
        await Catalog.MarkContainerRemovedAsync(Endpoint, old, "alice", Now, Token);
        await Catalog.UpsertContainerAsync(Endpoint, Of(current, "reused"), Now, Token);

        var row = await Catalog.FindContainerAsync(Endpoint, "reused", includeRemoved: true, Token);

        Assert.Equal(current, row?.ContainerId);
    }

    [Fact]
    public async Task AssignContainerTeam_ThenResync_AssignmentSurvives()
    {
        var id = NewId();
        await Catalog.SyncContainersAsync(Endpoint, [Of(id, "cli-made")], Now, Token);

        Assert.True(await Catalog.AssignContainerTeamAsync(Endpoint, id, "team-a", Token));
        await Catalog.SyncContainersAsync(Endpoint, [Of(id, "cli-made", state: "exited")], Now, Token);

        var row = await Catalog.FindContainerAsync(Endpoint, id, includeRemoved: false, Token);
        Assert.Equal(("team-a", "team-a", "exited"), (row?.Team, row?.AssignedTeam, row?.State));
        var page = await Catalog.QueryContainersAsync(Endpoint, new ContainerQuery { Teams = ["team-a"], All = true }, Token);
        Assert.Equal(id, Assert.Single(page.Items).ContainerId);
    }

    [Fact]
    public async Task AssignContainerTeam_LabelledContainer_LabelWins()
    {
        var id = NewId();
        await Catalog.UpsertContainerAsync(Endpoint, Of(id, "labelled", team: "team-a"), Now, Token);

        await Catalog.AssignContainerTeamAsync(Endpoint, id, "team-b", Token);

        var row = await Catalog.FindContainerAsync(Endpoint, id, includeRemoved: false, Token);
        Assert.Equal(("team-a", "team-b"), (row?.Team, row?.AssignedTeam));
    }

    [Fact]
    public async Task AssignContainerTeam_Unassign_NoTeam()
    {
        var id = NewId();
        await Catalog.UpsertContainerAsync(Endpoint, Of(id, "x"), Now, Token);
        await Catalog.AssignContainerTeamAsync(Endpoint, id, "team-a", Token);

        await Catalog.AssignContainerTeamAsync(Endpoint, id, null, Token);
        await Catalog.SyncContainersAsync(Endpoint, [Of(id, "x")], Now, Token);

        var row = await Catalog.FindContainerAsync(Endpoint, id, includeRemoved: false, Token);
        Assert.Null(row?.Team);
    }

    [Fact]
    public async Task AssignContainerTeam_UnknownContainer_False()
    {
        Assert.False(await Catalog.AssignContainerTeamAsync(Endpoint, NewId(), "team-a", Token));
    }
}
