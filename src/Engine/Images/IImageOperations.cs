using Portal.Engine.Pipeline;

namespace Portal.Engine.Images;

/// <summary>Everything Portal does to local images, on behalf of an <see cref="Actor"/>.</summary>
/// <remarks>
/// Every signed-in person may see and run images no team owns and images of their own teams;
/// another team's image (its <c>io.portal.team</c> label names that team) is reported as missing.
/// Tagging and removing need operator rights on the owning team; images no team owns are
/// changed by administrators only. Failures are <see cref="OperationFailedException"/>s.
/// </remarks>
public interface IImageOperations
{
    /// <summary>The first page of images the actor may see, filtered and sorted (newest first by default); served from the catalog.</summary>
    Task<IReadOnlyList<ImageSummary>> ListAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken);

    /// <summary>A page of the images the actor may see, with the total matching the filters, like <c>docker images</c>; served from the catalog.</summary>
    Task<PagedResult<ImageSummary>> QueryAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken);

    /// <summary>Inspect and history of one image, by id, short id or reference.</summary>
    Task<ImageDetails> GetAsync(Actor actor, string reference, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="newReference"/> (<c>repo[:tag]</c>) to an image, like <c>docker tag</c>.</summary>
    Task TagAsync(Actor actor, string reference, string newReference, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a tag (when the image has others) or the image, like <c>docker rmi</c>. An image used
    /// by containers is refused unless <paramref name="force"/> is set and the actor may change
    /// every one of those containers.
    /// </summary>
    Task<ImageRemoveResult> RemoveAsync(Actor actor, string reference, bool force, CancellationToken cancellationToken);

    /// <summary>Removes dangling images (all for admins, the actor's teams' for others) and reports the space reclaimed.</summary>
    Task<ImagePruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken);
}
