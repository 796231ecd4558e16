using Docker.DotNet.Models;

namespace Portal.TestSupport;

/// <summary>Images made for a test straight through the engine, the way <c>docker commit</c> would.</summary>
public static class SessionImages
{
    /// <summary>
    /// Commits a fresh container of the test image as <paramref name="repository"/>:<paramref name="tag"/>.
    /// The image inherits the container's labels: the session label (so clean-up removes it) and
    /// <paramref name="labels"/>, for example the owning team. With <paramref name="run"/> the
    /// container runs that command to its end first, so the image gets a layer of its own. Returns the image id.
    /// </summary>
    public static async Task<string> CreateAsync(this DaemonFixture daemon, string repository, string tag, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? labels = null, IReadOnlyList<string>? run = null)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        var containerId = await daemon.CreateContainerDirectlyAsync(TestNames.Unique("commit"), run ?? ["true"], start: run is not null, cancellationToken, labels);
        try
        {
            if (run is not null)
            {
                await daemon.Client.Containers.WaitContainerAsync(containerId, cancellationToken);
            }

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
