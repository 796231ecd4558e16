using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Images;

public sealed class ImageChangeTests(EngineFixture fixture) : ImageTestBase(fixture)
{
    [Fact]
    public async Task Tag_ThenRemoveTag_OnlyUntagsAndAudits()
    {
        var repo = NewRepository(out _);
        var id = await CreateImageAsync(repo, "v1", Actors.TeamA);

        await Fixture.Images.TagAsync(Actors.OperatorA, $"{repo}:v1", $"{repo}:v2", Token);
        var tagged = await TagsOfAsync(id);
        var removed = await Fixture.Images.RemoveAsync(Actors.OperatorA, $"{repo}:v2", force: false, Token);

        Assert.Contains($"{repo}:v2", tagged);
        Assert.Equal([$"{repo}:v2"], removed.Untagged);
        Assert.Empty(removed.Deleted);
        Assert.Equal([$"{repo}:v1"], await TagsOfAsync(id));
        var audit = await Fixture.AuditAsync($"{repo}:v1", Token);
        Assert.Contains(audit, a => a.Action == "image.tag" && a.Outcome == "succeeded" && a.Team == Actors.TeamA && a.Detail == $"tagged {repo}:v2");
    }

    [Theory]
    [InlineData("Not/Valid")]
    [InlineData("repo:-bad")]
    [InlineData("repo@sha256:0123")]
    public async Task Tag_InvalidTarget_Invalid(string target)
    {
        var repo = NewRepository(out _);
        await CreateImageAsync(repo, "v1", Actors.TeamA);

        await FailsAsync(OperationOutcome.Invalid, () => Fixture.Images.TagAsync(Actors.OperatorA, $"{repo}:v1", target, Token));
    }

    [Fact]
    public async Task Remove_UnusedImage_DeletesIt()
    {
        var repo = NewRepository(out _);
        var id = await CreateImageAsync(repo, "v1", Actors.TeamA);

        var result = await Fixture.Images.RemoveAsync(Actors.OperatorA, $"{repo}:v1", force: false, Token);

        Assert.Contains(id, result.Deleted);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Images.GetAsync(Actors.OperatorA, id, Token));
    }

    [Fact]
    public async Task Remove_UsedImage_NamesOwnContainersAndCountsOthers()
    {
        var repo = NewRepository(out _);
        var id = await CreateImageAsync(repo, "v1", Actors.TeamA);
        var mine = TestNames.Unique("img-a");
        var theirs = TestNames.Unique("img-b");
        await CreateContainerOfAsync(id, mine, Actors.TeamA);
        var theirsId = await CreateContainerOfAsync(id, theirs, Actors.TeamB);

        var refused = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Images.RemoveAsync(Actors.OperatorA, id, force: false, Token));
        var forced = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Images.RemoveAsync(Actors.OperatorA, id, force: true, Token));

        Assert.Contains(mine, refused.Message, StringComparison.Ordinal);
        Assert.Contains("1 container of another team", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, forced.Message, StringComparison.Ordinal);
        Assert.Contains("may not force", forced.Message, StringComparison.Ordinal);
        Assert.Equal([$"{repo}:v1"], await TagsOfAsync(id));

        await Fixture.Daemon.Client.Containers.RemoveContainerAsync(theirsId, new Docker.DotNet.Models.ContainerRemoveParameters(), Token);
        var result = await Fixture.Images.RemoveAsync(Actors.OperatorA, id, force: true, Token);

        Assert.Contains($"{repo}:v1", result.Untagged);
    }

    [Fact]
    public async Task Prune_Operator_RemovesOnlyOwnTeamsDanglingImages()
    {
        var repo = NewRepository(out _);
        var danglingA = await CreateImageAsync(repo, "v1", Actors.TeamA);
        await CreateImageAsync(repo, "v1", Actors.TeamA);
        var repoB = NewRepository(out _);
        var danglingB = await CreateImageAsync(repoB, "v1", Actors.TeamB);
        await CreateImageAsync(repoB, "v1", Actors.TeamB);

        var result = await Fixture.Images.PruneAsync(Actors.OperatorA, Token);

        Assert.Contains(danglingA, result.Deleted);
        Assert.DoesNotContain(danglingB, result.Deleted);
        Assert.True(result.SpaceReclaimed >= 0);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Images.GetAsync(Actors.Admin, danglingA, Token));
        Assert.Equal(danglingB, (await Fixture.Images.GetAsync(Actors.Admin, danglingB, Token)).Summary.Id);
    }
}
