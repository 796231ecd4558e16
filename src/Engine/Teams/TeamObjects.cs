using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Labels;

namespace Portal.Engine.Teams;

/// <summary>
/// What still belongs to a team, named: containers (stopped ones too), images, networks and volumes labelled for
/// it on the engine, and its stacks and registry logins in Portal. A team is deleted only when this is empty, so
/// nothing is left carrying the name of a team that no longer exists. Reads only; every environment is asked,
/// since a team is Portal-wide.
/// </summary>
public sealed class TeamObjects(Engines engines, StackStore stacks, RegistryStore registries)
{
    /// <summary>"kind name" for each object of <paramref name="team"/>, by environment, kind, then name.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string team, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        foreach (var engine in engines.All)
        {
            found.AddRange(await ListAsync(engine, team, cancellationToken).ConfigureAwait(false));
        }

        var logins = await registries.ListAsync(cancellationToken).ConfigureAwait(false);
        found.AddRange(logins.Where(r => string.Equals(r.Team, team, StringComparison.Ordinal)).Select(r => "registry " + r.Name).Order(StringComparer.Ordinal));
        return found;
    }

    private async Task<IEnumerable<string>> ListAsync(EnvironmentEngine engine, string team, CancellationToken cancellationToken)
    {
        var client = engine.Client;
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{PortalLabels.Team}={team}"] = true } };
        var found = new List<string>();
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken).ConfigureAwait(false);
        found.AddRange(containers.Select(c => "container " + (c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12])).Order(StringComparer.Ordinal));
        var images = await client.Images.ListImagesAsync(new ImagesListParameters { All = false, Filters = filter }, cancellationToken).ConfigureAwait(false);
        found.AddRange(images.Select(i => "image " + (i.RepoTags?.FirstOrDefault(t => t != "<none>:<none>") ?? ShortId(i.ID))).Order(StringComparer.Ordinal));
        var networks = await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false);
        found.AddRange(networks.Select(n => "network " + n.Name).Order(StringComparer.Ordinal));
        var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false);
        found.AddRange((volumes.Volumes ?? []).Select(v => "volume " + v.Name).Order(StringComparer.Ordinal));
        var saved = await stacks.ListAsync(engine.Id, cancellationToken).ConfigureAwait(false);
        found.AddRange(saved.Where(s => string.Equals(s.Team, team, StringComparison.Ordinal)).Select(s => "stack " + s.Name).Order(StringComparer.Ordinal));
        return engines.All.Count > 1 ? found.Select(f => $"{f} (on {engine.Name})") : found;
    }

    private static string ShortId(string id) => id.Replace("sha256:", "", StringComparison.Ordinal)[..12];
}
