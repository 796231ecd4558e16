using Portal.Data.Stores;
using Portal.Engine.Docker;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Access;

/// <summary>
/// Which live containers use which networks and volumes, from the catalog, as one actor may see
/// them: the network and volume lists read this instead of listing every container on the engine.
/// </summary>
/// <remarks>The catalog's team is the label's, else the one an admin assigned, as <see cref="ContainerVisibility"/> decides.</remarks>
public sealed class ContainerAttachments(CatalogStore catalog, Engines engines)
{
    /// <summary>Per network id (or name, for never-started containers): how many containers the actor may see are attached.</summary>
    public async Task<Dictionary<string, int>> NetworkCountsAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in await catalog.AttachmentsAsync(engines.Current.Id, cancellationToken).ConfigureAwait(false))
        {
            if (!actor.CanSee(c.Team))
            {
                continue;
            }

            foreach (var network in c.Networks)
            {
                counts[network] = counts.GetValueOrDefault(network) + 1;
            }
        }

        return counts;
    }

    /// <summary>Per volume name: the containers using it that the actor may see, and how many it may not.</summary>
    public async Task<Dictionary<string, (List<string> Visible, int Hidden)>> VolumeUsersAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var users = new Dictionary<string, (List<string> Visible, int Hidden)>(StringComparer.Ordinal);
        foreach (var c in await catalog.AttachmentsAsync(engines.Current.Id, cancellationToken).ConfigureAwait(false))
        {
            var visible = actor.CanSee(c.Team);
            foreach (var volume in c.Volumes)
            {
                var entry = users.TryGetValue(volume, out var e) ? e : ([], 0);
                if (visible)
                {
                    entry.Visible.Add(c.Name);
                }
                else
                {
                    entry.Hidden++;
                }

                users[volume] = entry;
            }
        }

        return users;
    }
}
