using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Labels;

namespace Portal.Engine.Events;

/// <summary>Conversions between the engine's container list and the catalog.</summary>
internal static class ContainerSnapshots
{
    /// <summary>Lists containers (all, or only <paramref name="ids"/>) as catalog snapshots.</summary>
    public static async Task<IReadOnlyList<CatalogContainerSnapshot>> ListAsync(IDockerClient client, IReadOnlyCollection<string>? ids, TimeProvider time, CancellationToken cancellationToken)
    {
        var parameters = new ContainersListParameters { All = true };
        if (ids is not null)
        {
            parameters.Filters = new Dictionary<string, IDictionary<string, bool>> { ["id"] = ids.ToDictionary(i => i, _ => true) };
        }

        var list = await client.Containers.ListContainersAsync(parameters, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        return list.Select(c => From(c, now)).ToList();
    }

    public static CatalogContainerSnapshot From(ContainerListResponse c, DateTime now)
    {
        var (status, since) = StatusText.Parse(c.Status ?? "", now);
        var labels = c.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(c.Labels);
        return new CatalogContainerSnapshot(
            c.ID,
            c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12],
            c.Image ?? "",
            c.ImageID ?? "",
            c.Command ?? "",
            c.State ?? "",
            status,
            since,
            FormatPorts(c.Ports),
            labels,
            labels.TryGetValue(PortalLabels.Team, out var team) && team.Length > 0 ? team : null,
            labels.TryGetValue(PortalLabels.Owner, out var owner) && owner.Length > 0 ? owner : null,
            DateTime.SpecifyKind(c.Created, DateTimeKind.Utc),
            // A container that never started has no network id yet; its attachment is known by name only.
            c.NetworkSettings?.Networks?.Select(n => string.IsNullOrEmpty(n.Value.NetworkID) ? n.Key : n.Value.NetworkID).Order(StringComparer.Ordinal).ToList() ?? [],
            c.Mounts?.Where(m => m.Type == "volume" && !string.IsNullOrEmpty(m.Name)).Select(m => m.Name!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? []);
    }

    private static string FormatPorts(IList<PortSummary>? ports)
    {
        if (ports is null || ports.Count == 0)
        {
            return "";
        }

        // The engine lists IPv4 and IPv6 bindings separately; show each mapping once.
        return string.Join(", ", ports
            .OrderBy(p => p.PrivatePort).ThenBy(p => p.IP)
            .Select(p => p.PublicPort is { } pub
                ? $"{(string.IsNullOrEmpty(p.IP) ? "" : (p.IP.Contains(':') ? $"[{p.IP}]" : p.IP) + ":")}{pub.ToString(CultureInfo.InvariantCulture)}->{p.PrivatePort.ToString(CultureInfo.InvariantCulture)}/{p.Type}"
                : $"{p.PrivatePort.ToString(CultureInfo.InvariantCulture)}/{p.Type}")
            .Distinct());
    }
}
