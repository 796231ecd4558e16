using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;

namespace Portal.Engine.Compose.Execution;

/// <summary>Reads what the engine has for a project, by the compose project label, for the planner.</summary>
public static class ComposeObserver
{
    public static async Task<ObservedProject> ObserveAsync(IDockerClient client, string project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var filter = ProjectFilter(project);
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken).ConfigureAwait(false);
        var networks = await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false);
        var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false);
        return new ObservedProject(
            [.. containers.Where(c => Label(c.Labels, ComposeLabels.Oneoff) != "True").Select(ToObserved)],
            [.. networks.Select(n => new ObservedNetwork(n.ID, n.Name, Label(n.Labels, ComposeLabels.Network) ?? n.Name))],
            [.. (volumes.Volumes ?? []).Select(v => new ObservedVolume(v.Name, Label(v.Labels, ComposeLabels.Volume) ?? v.Name))]);
    }

    public static Dictionary<string, IDictionary<string, bool>> ProjectFilter(string project) => new()
    {
        ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true },
    };

    private static ObservedContainer ToObserved(ContainerListResponse c)
    {
        var number = int.TryParse(Label(c.Labels, ComposeLabels.ContainerNumber), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var health = c.Status?.Contains("(healthy)", StringComparison.Ordinal) == true ? "healthy"
            : c.Status?.Contains("(unhealthy)", StringComparison.Ordinal) == true ? "unhealthy"
            : c.Status?.Contains("(health: starting)", StringComparison.Ordinal) == true ? "starting"
            : null;
        return new ObservedContainer(c.ID, c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12], Label(c.Labels, ComposeLabels.Service) ?? "",
            number, Label(c.Labels, ComposeLabels.ConfigHash), Label(c.Labels, ComposeLabels.Image), c.State, health,
            Label(c.Labels, Labels.PortalLabels.ComposeAdmitted));
    }

    private static string? Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;
}
