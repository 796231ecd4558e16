using Docker.DotNet.Models;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>Image operations through the pipeline: access → engine call → audit (images have no admission rules of their own).</summary>
public sealed partial class ImageOperations(
    OperationRunner runner,
    ImageAccess access,
    ImageUsage usage,
    EngineConnection connection) : IImageOperations
{
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var images = await connection.Client.Images.ListImagesAsync(new ImagesListParameters { All = false }, cancellationToken).ConfigureAwait(false);
            var uses = await usage.ListAsync(actor, cancellationToken).ConfigureAwait(false);
            var byImage = uses.ToLookup(u => u.ImageId, StringComparer.Ordinal);
            var text = request.Text?.Trim();
            return images
                .Select(i => (Image: i, Team: ImageAccess.TeamOf(i.Labels)))
                .Where(x => ImageAccess.CanSee(actor, x.Team))
                .Select(x => new ImageSummary(
                    x.Image.ID,
                    (x.Image.RepoTags ?? []).Where(t => !ImageReferences.IsNoneTag(t)).Order(StringComparer.Ordinal).ToList(),
                    x.Image.Size,
                    x.Image.Created.ToUniversalTime(),
                    byImage[x.Image.ID].Count(u => u.Visible),
                    byImage[x.Image.ID].Any(),
                    x.Team))
                .Where(s => request.Dangling is not { } d || s.Dangling == d)
                .Where(s => request.InUse is not { } u || s.InUse == u)
                .Where(s => string.IsNullOrEmpty(text) || Matches(s, text))
                .OrderByDescending(s => s.CreatedAt)
                .ThenBy(s => s.Id, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception ex) when (DockerErrorTranslator.Translate(ex, connection.Endpoint) is { } failure && !ReferenceEquals(failure, ex))
        {
            throw failure;
        }
    }

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
            await EnsureTargetFreeAsync(ctx.Actor, image, target, ct).ConfigureAwait(false);
            await connection.Client.Images.TagImageAsync(image.Id, new ImageTagParameters { RepositoryName = repository, Tag = tag }, ct).ConfigureAwait(false);
            ctx.Detail = $"tagged {target}";
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

            var response = await connection.Client.Images.DeleteImageAsync(onlyUntags ? reference.Trim() : image.Id,
                new ImageDeleteParameters { Force = force && !onlyUntags }, ct).ConfigureAwait(false);
            var untagged = response.SelectMany(r => r.TryGetValue("Untagged", out var t) ? [t] : Array.Empty<string>()).ToList();
            var deleted = response.SelectMany(r => r.TryGetValue("Deleted", out var d) ? [d] : Array.Empty<string>()).ToList();
            ctx.Detail = deleted.Count > 0 ? $"deleted {deleted.Count} image layer(s)" : $"untagged {string.Join(", ", untagged)}";
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

                var response = await connection.Client.Images.PruneImagesAsync(new ImagesPruneParameters { Filters = filters }, ct).ConfigureAwait(false);
                deleted.AddRange((response.ImagesDeleted ?? []).Select(d => d.Deleted).OfType<string>().Where(d => d.Length > 0));
                reclaimed += (long)response.SpaceReclaimed;
            }

            ctx.Team = actor.IsAdmin ? null : string.Join(",", scopes);
            ctx.Detail = $"removed {deleted.Count} image layer(s), reclaimed {reclaimed} bytes";
            return new ImagePruneResult(deleted, reclaimed);
        }, cancellationToken);
}
