using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Containers;
using Portal.Engine.DiskUsage;
using Portal.Engine.Docker;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Volumes;

/// <summary>What the volume list shows beside each volume: the containers using it (as the actor may see them) and its size.</summary>
public sealed class VolumeUsage(Engines engines, ContainerVisibility visibility, EngineDiskUsage diskUsage, ILogger<VolumeUsage> logger)
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

    /// <summary>Each volume's size from the engine's disk usage; empty when the engine cannot tell.</summary>
    internal async Task<IReadOnlyDictionary<string, long>> SizesAsync(CancellationToken ct)
    {
        try
        {
            var df = await diskUsage.ReadAsync(ct).ConfigureAwait(false);
            return df.Volumes.Where(v => v.Size >= 0).GroupBy(v => v.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Size, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Sizes are a nicety: the list is still right without them.
            Logging.Log.DiskUsageFailed(logger, ex);
            return new Dictionary<string, long>();
        }
    }
}
