using Docker.DotNet.Models;

namespace Portal.TestSupport;

/// <summary>Images made for a test straight through the engine, the way <c>docker commit</c> would.</summary>
public static class SessionImages
{
    /// <summary>
    /// Commits a fresh container of the test image as <paramref name="repository"/>:<paramref name="tag"/>.
    /// The image inherits the container's labels: the session label (so clean-up removes it) and
    /// <paramref name="labels"/>, for example the owning team. Returns the image id.
    /// </summary>
    public static async Task<string> CreateAsync(this DaemonFixture daemon, string repository, string tag, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        var containerId = await daemon.CreateContainerDirectlyAsync(TestNames.Unique("commit"), ["true"], start: false, cancellationToken, labels);
        try
        {
            var committed = await daemon.Client.Images.CommitContainerChangesAsync(new CommitContainerChangesParameters
            {
                ContainerID = containerId,
                RepositoryName = repository,
                Tag = tag,
            }, cancellationToken);
            return committed.ID;
        }
        finally
        {
            await daemon.Client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
    }
}
