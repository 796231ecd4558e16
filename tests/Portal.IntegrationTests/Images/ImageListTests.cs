using Portal.Engine.Images;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Images;

public sealed class ImageListTests(EngineFixture fixture) : ImageTestBase(fixture)
{
    [Fact]
    public async Task List_TeamImage_OwnersAndAdminSeeItOthersDoNot()
    {
        var repo = NewRepository(out var token);
        var id = await CreateImageAsync(repo, "v1", Actors.TeamA);

        var mine = await Fixture.Images.ListAsync(Actors.OperatorA, new ImageListRequest { Text = token }, Token);
        var admin = await Fixture.Images.ListAsync(Actors.Admin, new ImageListRequest { Text = token }, Token);
        var other = await Fixture.Images.ListAsync(Actors.OperatorB, new ImageListRequest { Text = token }, Token);

        var row = Assert.Single(mine);
        Assert.Equal(id, row.Id);
        Assert.Equal([$"{repo}:v1"], row.Tags);
        Assert.Equal(Actors.TeamA, row.Team);
        Assert.False(row.InUse);
        Assert.Single(admin);
        Assert.Empty(other);
    }

    [Fact]
    public async Task List_UnownedImage_VisibleToEveryone()
    {
        var all = await Fixture.Images.ListAsync(Actors.OperatorB, new ImageListRequest { Text = Fixture.Daemon.Image }, Token);

        Assert.Contains(all, i => i.Tags.Contains(Fixture.Daemon.Image) && i.Team is null);
    }

    [Fact]
    public async Task List_DanglingAndInUseFilters_SelectMatchingImages()
    {
        var repo = NewRepository(out var token);
        var first = await CreateImageAsync(repo, "v1", Actors.TeamA);
        var second = await CreateImageAsync(repo, "v1", Actors.TeamA);
        var containerName = TestNames.Unique("img-user");
        await CreateContainerOfAsync(second, containerName, Actors.TeamA);

        var dangling = await Fixture.Images.ListAsync(Actors.OperatorA, new ImageListRequest { Dangling = true }, Token);
        var inUse = await Fixture.Images.ListAsync(Actors.OperatorA, new ImageListRequest { InUse = true, Text = token }, Token);
        var unused = await Fixture.Images.ListAsync(Actors.OperatorA, new ImageListRequest { InUse = false, Text = token }, Token);

        Assert.Contains(dangling, i => i.Id == first && i.Dangling);
        Assert.DoesNotContain(dangling, i => i.Id == second);
        var used = Assert.Single(inUse);
        Assert.Equal(second, used.Id);
        Assert.Equal(1, used.Containers);
        Assert.Empty(unused);
    }

    [Fact]
    public async Task Get_TeamImage_InspectAndHistory()
    {
        var repo = NewRepository(out _);
        var id = await CreateImageAsync(repo, "v1", Actors.TeamA);

        var details = await Fixture.Images.GetAsync(Actors.OperatorA, $"{repo}:v1", Token);

        Assert.Equal(id, details.Summary.Id);
        Assert.Equal(Actors.TeamA, details.Labels[Portal.Engine.Labels.PortalLabels.Team]);
        Assert.Equal(Actors.TeamA, details.Summary.Team);
        Assert.True(details.History.Count >= 2, "a commit on top of the imported image has at least two layers");
        Assert.Equal(id, details.History[0].Id);
        Assert.Equal("linux", details.Os);
    }
}
