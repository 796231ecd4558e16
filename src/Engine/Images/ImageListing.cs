using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images;

/// <summary>The image list as the actor may see it, a page at a time.</summary>
public sealed class ImageListing(CatalogImageStore catalog, Engines engines)
{
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken) =>
        (await QueryAsync(actor, request, cancellationToken).ConfigureAwait(false)).Items;

    public async Task<PagedResult<ImageSummary>> QueryAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        // Served from the catalog: a page of thousands of images never waits on the engine.
        var query = new ImageQuery
        {
            Teams = actor.IsAdmin ? null : actor.Teams.Keys.ToList(),
            Dangling = request.Dangling,
            InUse = request.InUse,
            Text = request.Text,
            Sort = request.Sort,
            Descending = request.Descending,
            Skip = request.Skip,
            Take = request.Take,
        };
        if (request.AllEnvironments)
        {
            // One query over every environment the actor may use, each narrowed to the actor's teams there.
            var all = await catalog.QueryAsync(engines.ScopesFor(actor), query, cancellationToken).ConfigureAwait(false);
            return new PagedResult<ImageSummary>(all.Items.Select(row => ToSummary(row, engines.NameOf(row.Image.EndpointId))).ToList(), all.Total);
        }

        var engine = engines.Current;
        var page = await catalog.QueryAsync(engine.Id, query, cancellationToken).ConfigureAwait(false);
        return new PagedResult<ImageSummary>(page.Items.Select(row => ToSummary(row, engine.Name)).ToList(), page.Total);
    }

    private static ImageSummary ToSummary(CatalogImageRow row, string? environment) => new(
        row.Image.ImageId,
        CatalogImageStore.SplitTags(row.Image.Tags),
        row.Image.Size,
        row.Image.CreatedAt,
        row.VisibleContainers,
        row.InUse,
        row.Image.Team ?? row.Image.PulledByTeam,
        environment);
}
