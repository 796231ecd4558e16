using Docker.DotNet.Models;
using Portal.Engine.Images;
using Portal.Engine.Labels;
using Portal.TestSupport;

namespace Portal.IntegrationTests.Images;

/// <summary>Helpers for image tests: session images owned by a team, and containers that use them.</summary>
public abstract class ImageTestBase(EngineFixture fixture) : IntegrationTest(fixture)
{
    /// <summary>A repository name unique to the test; the token doubles as a text filter.</summary>
    protected static string NewRepository(out string token)
    {
        token = TestNames.Token();
        return $"portal-test-img/{token}";
    }

    /// <summary>Commits a session image owned by <paramref name="team"/> (no team label when null) and waits until the catalog lists it.</summary>
    protected async Task<string> CreateImageAsync(string repository, string tag, string? team)
    {
        var id = await Fixture.Daemon.CreateAsync(repository, tag, Token, team is null ? null : new Dictionary<string, string> { [PortalLabels.Team] = team });
        await WaitForCatalogAsync(id, i => i.Tags.Contains($"{repository}:{tag}"));
        return id;
    }

    /// <summary>Waits until the image catalog (fed by engine events) shows <paramref name="imageId"/> as <paramref name="condition"/> says.</summary>
    protected Task<ImageSummary> WaitForCatalogAsync(string imageId, Func<ImageSummary, bool> condition) =>
        Poll.UntilAsync(async ct => (await Fixture.Images.ListAsync(Actors.Admin, new ImageListRequest { Text = imageId }, ct))
                .FirstOrDefault(i => i.Id == imageId && condition(i)),
            $"the image catalog to show {imageId}", Token);

    /// <summary>Creates (without starting) a session container of <paramref name="image"/> owned by <paramref name="team"/>.</summary>
    protected async Task<string> CreateContainerOfAsync(string image, string name, string team)
    {
        var created = await Fixture.Daemon.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image,
            Cmd = ["true"],
            Labels = new Dictionary<string, string>(Fixture.Daemon.SessionLabels) { [PortalLabels.Team] = team },
        }, Token);
        // Image use is counted from the container catalog: wait until it has the container.
        await Poll.UntilAsync(async ct => await Fixture.CatalogAsync(name, ct) is not null, $"the catalog to show container {name}", Token);
        return created.ID;
    }

    protected async Task<IReadOnlyList<string>> TagsOfAsync(string imageId) =>
        (await Fixture.Daemon.Client.Images.InspectImageAsync(imageId, Token)).RepoTags?.ToList() ?? [];
}
