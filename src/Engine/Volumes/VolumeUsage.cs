using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Docker;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Volumes;

/// <summary>What the volume list shows beside each volume: the containers using it (as the actor may see them) and its size. The list reads the catalog; a removal's in-use check asks the engine.</summary>
public sealed class VolumeUsage(Engines engines, ContainerVisibility visibility, ContainerAttachments attachments, CatalogVolumeStore volumes)
{
    /// <summary>Per volume name: the containers using it that the actor may see, and how many it may not.</summary>
    internal async Task<Dictionary<string, (List<string> Visible, int Hidden)>> UsersAsync(Actor actor, string? volume, CancellationToken ct)
    {
        var list = await engines.Current.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = volume is null ? null : new Dictionary<string, IDictionary<string, bool>> { ["volume"] = new Dictionary<string, bool> { [volume] = true } },
        }, ct).ConfigureAwait(false);
        var owners = await visibility.ForAsync(actor, ct).ConfigureAwait(false);
        var users = new Dictionary<string, (List<string> Visible, int Hidden)>(StringComparer.Ordinal);
        foreach (var c in list)
        {
            var visible = owners.IsVisible(c);
            var name = c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12];
            foreach (var mount in (c.Mounts ?? []).Where(m => m.Type == "volume" && !string.IsNullOrEmpty(m.Name)))
            {
                var volumeName = mount.Name!;
                var entry = users.TryGetValue(volumeName, out var e) ? e : ([], 0);
                if (visible)
                {
                    entry.Visible.Add(name);
                }
                else
                {
                    entry.Hidden++;
                }

                users[volumeName] = entry;
            }
        }

        return users;
    }

    /// <summary>Volumes the actor may see, from the catalog (sizes from the last background measurement), by name.</summary>
    internal async Task<IReadOnlyList<VolumeSummary>> ListAsync(Actor actor, CancellationToken ct)
    {
        var rows = await volumes.ListAsync(engines.Current.Id, ct).ConfigureAwait(false);
        var users = await attachments.VolumeUsersAsync(actor, ct).ConfigureAwait(false);
        return rows.Where(v => actor.CanSee(v.Team))
            .Select(v => new VolumeSummary(v.Name, v.Driver, v.Scope, v.CreatedAt, v.Size,
                users.TryGetValue(v.Name, out var u) ? [.. u.Visible.Order(StringComparer.Ordinal)] : [],
                v.Team, v.Owner, actor.IsAdmin ? v.Mountpoint : null))
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Each volume's last measured size, from the catalog; the list and details never wait on <c>system df</c>.</summary>
    internal async Task<IReadOnlyDictionary<string, long>> SizesAsync(string volume, CancellationToken ct) =>
        await volumes.FindAsync(engines.Current.Id, volume, ct).ConfigureAwait(false) is { Size: { } size }
            ? new Dictionary<string, long>(StringComparer.Ordinal) { [volume] = size }
            : new Dictionary<string, long>(StringComparer.Ordinal);
}
