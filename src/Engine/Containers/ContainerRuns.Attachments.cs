using Docker.DotNet.Models;
using Portal.Engine.Access;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;
using ContainerSpec = Portal.Engine.Admission.ContainerSpec;

namespace Portal.Engine.Containers;

public sealed partial class ContainerRuns
{
    /// <summary>
    /// The access half of admission for what a container joins: every network it names must be
    /// one the actor may attach to, and every named volume must be the actor's team's (volumes
    /// that do not exist yet are created now, labelled for the container's team, instead of
    /// letting the engine create them unlabelled). Returns the volumes it created and, by name, the
    /// ids of the networks it resolved: the engine is addressed by those ids from then on.
    /// </summary>
    private async Task<(IReadOnlyList<string> CreatedVolumes, IReadOnlyDictionary<string, string> NetworkIds)> AdmitAttachmentsAsync(
        AdmittedOperation op, ContainerSpec spec, string? team, CancellationToken ct)
    {
        var actor = op.Actor;
        var mode = spec.NetworkMode;
        if (mode is not null && KnownNetworks.IsSpecialMode(mode) && mode is not (KnownNetworks.Bridge or "default") && spec.Networks.Count > 0)
        {
            throw OperationFailedException.Invalid($"A container in network mode '{mode}' cannot also join networks ({string.Join(", ", spec.Networks)}).", "networks");
        }

        var networks = new List<string>(spec.Networks);
        if (mode is not null && !KnownNetworks.IsSpecialMode(mode) && !networks.Contains(mode, StringComparer.Ordinal))
        {
            // A network mode naming a user network is an attachment like any other.
            networks.Insert(0, mode);
        }

        var networkIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var network in networks)
        {
            try
            {
                var resolved = await networkAccess.ResolveAsync(actor, network, NetworkUse.Attach, ct).ConfigureAwait(false);
                if (!resolved.BuiltIn)
                {
                    // Built-in networks have unique names, and the engine treats them by name (bridge is not a user network).
                    networkIds[network] = resolved.Id;
                }
            }
            catch (OperationFailedException ex) when (ex.Outcome == OperationOutcome.NotFound)
            {
                // As for any missing thing a run names, this is a bad request; another team's
                // network reads exactly like a missing one, so nothing leaks.
                throw OperationFailedException.Invalid($"Network {network} not found: name one of your teams' networks or a shared one.", "networks");
            }
        }

        var created = new List<string>();
        foreach (var volume in spec.Volumes)
        {
            var name = volume.Split(':')[0];
            if (await volumeAccess.FindAsync(name, ct).ConfigureAwait(false) is { } found)
            {
                VolumeAccess.Check(actor, found.Team, write: true, name);
                continue;
            }

            await resources.Volumes.CreateAsync(op, new VolumesCreateParameters
            {
                Name = name,
                Driver = "local",
                DriverOpts = new Dictionary<string, string>(),
                Labels = OwningTeam.Labels(spec.Labels, team, actor.UserName),
            }, ct).ConfigureAwait(false);
            created.Add(name);
        }

        return (created, networkIds);
    }

    /// <summary>How many of the spec's named volumes do not exist yet (the run creates them, so they count against the team's quota).</summary>
    private async Task<int> CountNewVolumesAsync(ContainerSpec spec, CancellationToken ct)
    {
        var count = 0;
        foreach (var name in spec.Volumes.Select(v => v.Split(':')[0]).Distinct(StringComparer.Ordinal))
        {
            if (await volumeAccess.FindAsync(name, ct).ConfigureAwait(false) is null)
            {
                count++;
            }
        }

        return count;
    }
}
