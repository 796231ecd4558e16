using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Images.Catalog;
using Portal.Engine.Pipeline;

using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>Image operations through the pipeline: access → engine call → audit (images have no admission rules of their own).</summary>
public sealed partial class ImageOperations(
    OperationRunner runner,
    ImageAccess access,
    ImageUsage usage,
    EngineConnection connection,
    CatalogImageStore catalog,
    EngineContext engine,
    ImageCatalogSync catalogSync,
    DiskUsage.EngineDiskUsage diskUsage,
    Resources.ImageResources resources) : IImageOperations
{
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken) =>
        (await QueryAsync(actor, request, cancellationToken).ConfigureAwait(false)).Items;

    public async Task<PagedResult<ImageSummary>> QueryAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        // Served from the catalog: a page of thousands of images never waits on the engine.
        var page = await catalog.QueryAsync(engine.EndpointId, new ImageQuery
        {
            Teams = actor.IsAdmin ? null : actor.Teams.Keys.ToList(),
            Dangling = request.Dangling,
            InUse = request.InUse,
            Text = request.Text,
            Sort = request.Sort,
            Descending = request.Descending,
            Skip = request.Skip,
            Take = request.Take,
        }, cancellationToken).ConfigureAwait(false);
        return new PagedResult<ImageSummary>(page.Items.Select(ToSummary).ToList(), page.Total);
    }

    private static ImageSummary ToSummary(CatalogImageRow row) => new(
        row.Image.ImageId,
        CatalogImageStore.SplitTags(row.Image.Tags),
        row.Image.Size,
        row.Image.CreatedAt,
        row.VisibleContainers,
        row.InUse,
        row.Image.Team ?? row.Image.PulledByTeam);

    public async Task<ImageDetails> GetAsync(Actor actor, string reference, CancellationToken cancellationToken)
    {
        try
        {
            var (image, inspect) = await access.ResolveAsync(actor, reference, write: false, cancellationToken).ConfigureAwait(false);
            var history = await connection.Client.Images.GetImageHistoryAsync(image.Id, cancellationToken).ConfigureAwait(false);
            var uses = (await usage.ListAsync(actor, cancellationToken).ConfigureAwait(false)).Where(u => u.ImageId == image.Id).ToList();
            return ImageInspection.ToDetails(inspect, image, history, uses);
        }
        catch (Exception ex) when (DockerErrorTranslator.Translate(ex, connection.Endpoint) is { } failure && !ReferenceEquals(failure, ex))
        {
            throw failure.Outcome == OperationOutcome.NotFound ? OperationFailedException.NotFound("image", reference) : failure;
        }
    }

    public Task TagAsync(Actor actor, string reference, string newReference, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "image.tag", reference, async (ctx, ct) =>
        {
            var (image, _) = await ResolveForChangeAsync(ctx, reference, ct).ConfigureAwait(false);
            var (repository, tag) = ImageReferences.ParseTagTarget(newReference);
            var target = $"{repository}:{tag}";
            await access.EnsureTagFreeAsync(ctx.Actor, target, image.Id, ct).ConfigureAwait(false);
            await resources.TagAsync(image.Id, repository, tag, ct).ConfigureAwait(false);
            ctx.Detail = $"tagged {target}";
            await catalogSync.RefreshAfterChangeAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    public Task<ImageRemoveResult> RemoveAsync(Actor actor, string reference, bool force, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "image.remove", reference, async (ctx, ct) =>
        {
            var (image, _) = await ResolveForChangeAsync(ctx, reference, ct).ConfigureAwait(false);
            var onlyUntags = image.Tags.Count > 1 && IsOneOfTags(reference, image.Tags);
            if (!onlyUntags)
            {
                var uses = (await usage.ListAsync(ctx.Actor, ct).ConfigureAwait(false)).Where(u => u.ImageId == image.Id).ToList();
                EnsureRemovable(uses, force);
            }

            var response = await resources.RemoveAsync(onlyUntags ? reference.Trim() : image.Id, force && !onlyUntags, ct).ConfigureAwait(false);
            var untagged = response.SelectMany(r => r.TryGetValue("Untagged", out var t) ? [t] : Array.Empty<string>()).ToList();
            var deleted = response.SelectMany(r => r.TryGetValue("Deleted", out var d) ? [d] : Array.Empty<string>()).ToList();
            ctx.Detail = deleted.Count > 0 ? $"deleted {deleted.Count} image layer(s)" : $"untagged {string.Join(", ", untagged)}";
            await catalogSync.RefreshAfterChangeAsync(ct).ConfigureAwait(false);
            return new ImageRemoveResult(untagged, deleted);
        }, cancellationToken);

    public Task<ImagePruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "image.prune", "dangling images", async (ctx, ct) =>
        {
            // Admins prune every dangling image; others only those their teams' labels claim, so
            // a prune never touches what another team (or nobody) owns.
            IReadOnlyList<string?> scopes = actor.IsAdmin ? new string?[] { null } : actor.OperableTeams.ToList<string?>();
            if (scopes.Count == 0)
            {
                throw OperationFailedException.Forbidden("You operate no team, so there are no images of yours to prune.");
            }

            var deleted = new List<string>();
            long reclaimed = 0;
            foreach (var team in scopes)
            {
                var filters = new Dictionary<string, IDictionary<string, bool>> { ["dangling"] = new Dictionary<string, bool> { ["true"] = true } };
                if (team is not null)
                {
                    filters["label"] = new Dictionary<string, bool> { [$"{Labels.PortalLabels.Team}={team}"] = true };
                }

                var response = await resources.PruneAsync(filters, ct).ConfigureAwait(false);
                deleted.AddRange((response.ImagesDeleted ?? []).Select(d => d.Deleted).OfType<string>().Where(d => d.Length > 0));
                reclaimed += (long)response.SpaceReclaimed;
            }

            if (!actor.IsAdmin)
            {
                var (pulled, bytes) = await RemoveDanglingPulledAsync(actor, ct).ConfigureAwait(false);
                deleted.AddRange(pulled);
                reclaimed += bytes;
            }

            ctx.Team = actor.IsAdmin ? null : string.Join(",", scopes);
            ctx.Detail = $"removed {deleted.Count} image layer(s), reclaimed {reclaimed} bytes";
            await catalogSync.RefreshAfterChangeAsync(ct).ConfigureAwait(false);
            return new ImagePruneResult(deleted, reclaimed);
        }, cancellationToken);

    /// <summary>
    /// A pull cannot label an image, so the engine's prune filter cannot see which team pulled it;
    /// the catalog knows. Those go one by one, and an image a container still uses is left alone.
    /// </summary>
    private async Task<(IReadOnlyList<string> Deleted, long Reclaimed)> RemoveDanglingPulledAsync(Actor actor, CancellationToken ct)
    {
        var candidates = await catalog.DanglingPulledByAsync(engine.EndpointId, actor.OperableTeams.ToList(), ct).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return ([], 0);
        }

        // The engine's own figure per image (its size less what it shares) is what a prune reclaims.
        var df = await diskUsage.ReadAsync(ct).ConfigureAwait(false);
        var own = df.Images.ToDictionary(i => i.Id, i => Math.Max(0, i.Size - Math.Max(0, i.SharedSize)), StringComparer.Ordinal);
        var deleted = new List<string>();
        long reclaimed = 0;
        foreach (var id in candidates)
        {
            try
            {
                var removed = await resources.RemoveAsync(id, force: false, ct).ConfigureAwait(false);
                deleted.AddRange(removed.SelectMany(r => r.TryGetValue("Deleted", out var d) ? [d] : Array.Empty<string>()));
                reclaimed += own.GetValueOrDefault(id);
            }
            catch (global::Docker.DotNet.DockerApiException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
            {
                // Used by a container (prune skips those too), or already gone.
            }
        }

        return (deleted, reclaimed);
    }
}
