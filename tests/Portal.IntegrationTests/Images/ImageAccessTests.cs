using Portal.Engine.Pipeline;
using Xunit;

namespace Portal.IntegrationTests.Images;

public sealed class ImageAccessTests(EngineFixture fixture) : ImageTestBase(fixture)
{
    [Fact]
    public async Task OtherTeamsImage_EveryOperation_NotFoundLikeMissing()
    {
        var repo = NewRepository(out _);
        var id = await CreateImageAsync(repo, "v1", Actors.TeamA);
        var reference = $"{repo}:v1";

        foreach (var key in new[] { reference, id, id[7..19] })
        {
            var get = await FailsAsync(OperationOutcome.NotFound, () => Fixture.Images.GetAsync(Actors.OperatorB, key, Token));
            var tag = await FailsAsync(OperationOutcome.NotFound, () => Fixture.Images.TagAsync(Actors.OperatorB, key, $"{repo}:stolen", Token));
            var remove = await FailsAsync(OperationOutcome.NotFound, () => Fixture.Images.RemoveAsync(Actors.OperatorB, key, force: true, Token));

            Assert.Equal($"No image named '{key}' was found.", get.Message);
            Assert.Equal(get.Message, tag.Message);
            Assert.Equal(get.Message, remove.Message);
        }

        Assert.Equal([reference], await TagsOfAsync(id));
    }

    [Fact]
    public async Task ViewerOfTeam_TagAndRemove_ForbiddenAndAudited()
    {
        var repo = NewRepository(out _);
        var id = await CreateImageAsync(repo, "v1", Actors.TeamA);
        var reference = $"{repo}:v1";

        await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Images.TagAsync(Actors.ViewerA, reference, $"{repo}:v2", Token));
        await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Images.RemoveAsync(Actors.ViewerA, reference, force: false, Token));

        Assert.Equal(id, (await Fixture.Images.GetAsync(Actors.ViewerA, reference, Token)).Summary.Id);
        Assert.Equal([reference], await TagsOfAsync(id));
        var audit = await Fixture.AuditAsync(reference, Token);
        Assert.Contains(audit, a => a.Actor == "viewer-a" && a.Action == "image.remove" && a.Outcome == "forbidden");
    }

    [Fact]
    public async Task UnownedImage_OperatorMaySeeButNotChange()
    {
        var repo = NewRepository(out _);
        var id = await CreateImageAsync(repo, "v1", team: null);
        var reference = $"{repo}:v1";

        var details = await Fixture.Images.GetAsync(Actors.OperatorB, reference, Token);
        var ex = await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Images.RemoveAsync(Actors.OperatorB, reference, force: false, Token));

        Assert.Null(details.Summary.Team);
        Assert.Contains("only administrators", ex.Message, StringComparison.Ordinal);
        Assert.Equal([reference], await TagsOfAsync(id));
    }

    [Fact]
    public async Task Tag_OntoAnotherTeamsTag_Conflict()
    {
        var repo = NewRepository(out _);
        await CreateImageAsync(repo, "v1", Actors.TeamA);
        var repoB = NewRepository(out _);
        var idB = await CreateImageAsync(repoB, "v1", Actors.TeamB);

        await FailsAsync(OperationOutcome.Conflict, () => Fixture.Images.TagAsync(Actors.OperatorA, $"{repo}:v1", $"{repoB}:v1", Token));

        Assert.Equal([$"{repoB}:v1"], await TagsOfAsync(idB));
    }
}
