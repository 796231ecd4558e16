using Portal.Engine.Access;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>Image operations: reads, and declared tag and remove the runner takes through access → engine → audit (no admission rule judges them).</summary>
public sealed partial class ImageOperations(
    OperationRunner runner,
    ImageAccess access,
    ImageUsage usage,
    Engines engines,
    ImageCatalogSync catalogSync,
    Resources.ImageResources resources,
    ImageListing listing,
    ImagePruning pruning) : IImageOperations
{
    public Task<IReadOnlyList<ImageSummary>> ListAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken) =>
        listing.ListAsync(actor, request, cancellationToken);

    public Task<PagedResult<ImageSummary>> QueryAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken) =>
        listing.QueryAsync(actor, request, cancellationToken);

    public async Task<ImageDetails> GetAsync(Actor actor, string reference, CancellationToken cancellationToken)
    {
        try
        {
            var (image, inspect) = await access.ResolveAsync(actor, reference, write: false, cancellationToken).ConfigureAwait(false);
            var history = await engines.Current.Client.Images.GetImageHistoryAsync(image.Id, cancellationToken).ConfigureAwait(false);
            var uses = (await usage.ListAsync(actor, cancellationToken).ConfigureAwait(false)).Where(u => u.ImageId == image.Id).ToList();
            return ImageInspection.ToDetails(inspect, image, history, uses);
        }
        catch (Exception ex) when (DockerErrorTranslator.Translate(ex, engines.Current.Endpoint) is { } failure && !ReferenceEquals(failure, ex))
        {
            throw failure.Outcome == OperationOutcome.NotFound ? OperationFailedException.NotFound("image", reference) : failure;
        }
    }

    public Task TagAsync(Actor actor, string reference, string newReference, CancellationToken cancellationToken)
    {
        ResolvedImage? image = null;
        return runner.RunAsync(actor, DeclareChange("image.tag", reference, found => image = found), async (op, ct) =>
        {
            // Refusals name the tag call's field (TagImageRequest.Target), so a form marks its input.
            var (repository, tag) = OperationFailedException.AboutField("target", () => ImageReferences.ParseTagTarget(newReference));
            var target = $"{repository}:{tag}";
            await access.EnsureTagFreeAsync(op.Actor, target, image!.Id, "target", ct).ConfigureAwait(false);
            await resources.TagAsync(op, image.Id, repository, tag, ct).ConfigureAwait(false);
            op.Context.Detail = $"tagged {target}";
            await catalogSync.RefreshAfterChangeAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<ImageRemoveResult> RemoveAsync(Actor actor, string reference, bool force, CancellationToken cancellationToken)
    {
        ResolvedImage? image = null;
        return runner.RunAsync(actor, DeclareChange("image.remove", reference, found => image = found), async (op, ct) =>
        {
            var onlyUntags = image!.Tags.Count > 1 && IsOneOfTags(reference, image.Tags);
            if (!onlyUntags)
            {
                var uses = (await usage.ListAsync(op.Actor, ct).ConfigureAwait(false)).Where(u => u.ImageId == image.Id).ToList();
                EnsureRemovable(uses, force);
            }

            var response = await resources.RemoveAsync(op, onlyUntags ? reference.Trim() : image.Id, force && !onlyUntags, ct).ConfigureAwait(false);
            var untagged = response.SelectMany(r => r.TryGetValue("Untagged", out var t) ? [t] : Array.Empty<string>()).ToList();
            var deleted = response.SelectMany(r => r.TryGetValue("Deleted", out var d) ? [d] : Array.Empty<string>()).ToList();
            op.Context.Detail = deleted.Count > 0 ? $"deleted {deleted.Count} image layer(s)" : $"untagged {string.Join(", ", untagged)}";
            await catalogSync.RefreshAfterChangeAsync(ct).ConfigureAwait(false);
            return new ImageRemoveResult(untagged, deleted);
        }, cancellationToken);
    }

    public Task<ImagePruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken) => pruning.PruneAsync(actor, cancellationToken);
}
