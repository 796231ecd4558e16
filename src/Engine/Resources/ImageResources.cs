using Docker.DotNet.Models;
using Portal.Engine.Docker;
using Portal.Engine.Runner;

namespace Portal.Engine.Resources;

/// <summary>
/// The only writer of image tags and image removal. Callers have done access (whose image, whose tag)
/// and refresh the image catalog after; pull, push and build stream through their own operations.
/// </summary>
public sealed class ImageResources(Engines engines)
{
    /// <summary>Points <paramref name="repository"/>:<paramref name="tag"/> at <paramref name="imageId"/>.</summary>
    public Task TagAsync(AdmittedOperation operation, string imageId, string repository, string tag, CancellationToken cancellationToken) =>
        operation is null ? throw new ArgumentNullException(nameof(operation)) : engines.Current.Client.Images.TagImageAsync(imageId, new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken);

    /// <summary>Untags or deletes an image; returns the engine's report ("Untagged"/"Deleted" entries).</summary>
    public Task<IList<IDictionary<string, string>>> RemoveAsync(AdmittedOperation operation, string reference, bool force, CancellationToken cancellationToken) =>
        operation is null ? throw new ArgumentNullException(nameof(operation)) : engines.Current.Client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = force }, cancellationToken);

    /// <summary>Removes unused images matching <paramref name="filters"/> (null: every dangling one).</summary>
    public Task<ImagesPruneResponse> PruneAsync(AdmittedOperation operation, IDictionary<string, IDictionary<string, bool>>? filters, CancellationToken cancellationToken) =>
        operation is null ? throw new ArgumentNullException(nameof(operation)) : engines.Current.Client.Images.PruneImagesAsync(new ImagesPruneParameters { Filters = filters! }, cancellationToken);
}
