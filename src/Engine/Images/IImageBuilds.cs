using Portal.Engine.Images.Build;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images;

/// <summary>Image builds (<c>docker build</c>) as background jobs whose log streams step by step.</summary>
public interface IImageBuilds
{
    /// <summary>
    /// Checks the request, reads and sanitizes the context (from <paramref name="archive"/>, or from
    /// <see cref="ImageBuildRequest.DockerfileText"/> when <paramref name="archive"/> is null) and starts the build;
    /// returns once the job runs. Follow it with <see cref="IImageTransfers.WatchAsync"/>.
    /// </summary>
    /// <exception cref="OperationFailedException">Forbidden (viewers, admission rules), invalid (options, context entries, size), conflict (a tag naming another team's image).</exception>
    Task<ImageJobSnapshot> BuildAsync(Actor actor, ImageBuildRequest request, Stream? archive, CancellationToken cancellationToken);
}
