using Docker.DotNet;
using Docker.DotNet.Models;

namespace Portal.TestSupport;

/// <summary>Removes a test session's networks and volumes, and only those: the session label filter is the whole selection.</summary>
public static class SessionCleanup
{
    /// <summary>
    /// Run after the session's containers are gone, so nothing holds these any more. A test class
    /// cleaning up while other classes still run must narrow the selection with
    /// <paramref name="alsoLabelled"/> ("key=value"), or it removes their fresh, still-empty networks too.
    /// </summary>
    public static async Task RemoveNetworksAndVolumesAsync(IDockerClient client, string sessionId, CancellationToken cancellationToken, string? alsoLabelled = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var labels = new Dictionary<string, bool> { [$"{TestLabels.Session}={sessionId}"] = true };
        if (alsoLabelled is not null)
        {
            labels[alsoLabelled] = true;
        }

        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels };
        var networks = await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken);
        foreach (var network in networks)
        {
            try
            {
                await client.Networks.DeleteNetworkAsync(network.ID, cancellationToken);
            }
            catch (DockerApiException)
            {
                // Already gone, or still held by something outside this session: never force.
            }
        }

        var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, cancellationToken);
        foreach (var volume in volumes.Volumes ?? [])
        {
            try
            {
                await client.Volumes.RemoveAsync(volume.Name, force: false, cancellationToken);
            }
            catch (DockerApiException)
            {
                // Already gone, or in use by something outside this session.
            }
        }
    }
}
