using Docker.DotNet.Models;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Resources;

/// <summary>
/// The rule that Portal never takes itself down: the container labelled <c>io.portal.self=true</c> and the
/// container Portal runs in (<see cref="OwnContainer"/>, found from its own mount table, so an image without
/// the label is covered too), the networks they are attached to and the volumes they mount are not stopped,
/// killed, restarted, removed or disconnected, whoever asks and whatever the door (container buttons, stack actions,
/// compose, the API). Refusals are 409 Conflict and name the rule.
/// </summary>
/// <remarks>
/// Asks the current environment's engine each time (a filtered list call, a second one for the own id when the
/// label did not already find it), so a label set outside Portal counts at once. The own id is that of the engine
/// Portal runs on; on another environment's engine it matches nothing.
/// </remarks>
public sealed class SelfProtection(Engines engines, OwnContainer own)
{
    /// <summary>The rule's name in refusals (problem+json <c>rule</c>, audit detail).</summary>
    public const string Rule = "portal-self";

    /// <summary>Refuses when any of <paramref name="containerIds"/> is Portal's own container; checks the whole set before anything is done.</summary>
    /// <param name="containerIds">Full ids or names.</param>
    /// <param name="verb">What would be done, for the message: "stop", "remove", …</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task EnsureNoneAsync(IReadOnlyCollection<string> containerIds, string verb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(containerIds);
        if (containerIds.Count == 0)
        {
            return;
        }

        foreach (var self in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (containerIds.Any(id => Is(self, id)))
            {
                throw Refused($"'{NameOf(self)}' is Portal's own container ({Why(self)}); Portal does not {verb} itself.");
            }
        }
    }

    /// <summary>Refuses when Portal's own container is attached to the network <paramref name="idOrName"/>.</summary>
    public async Task EnsureNotOwnNetworkAsync(string idOrName, string verb, CancellationToken cancellationToken)
    {
        foreach (var self in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var networks = self.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>();
            if (networks.Any(n => n.Key == idOrName || (n.Value?.NetworkID is { Length: > 0 } id && (id == idOrName || id.StartsWith(idOrName, StringComparison.Ordinal) && idOrName.Length >= 12))))
            {
                throw Refused($"network '{idOrName}' is attached to Portal's own container '{NameOf(self)}' ({Why(self)}); Portal does not {verb} its own network.");
            }
        }
    }

    /// <summary>Refuses when Portal's own container mounts the volume <paramref name="name"/>.</summary>
    public async Task EnsureNotOwnVolumeAsync(string name, string verb, CancellationToken cancellationToken)
    {
        foreach (var self in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((self.Mounts ?? []).Any(m => m.Type == "volume" && m.Name == name))
            {
                throw Refused($"volume '{name}' is mounted by Portal's own container '{NameOf(self)}' ({Why(self)}); Portal does not {verb} its own data.");
            }
        }
    }

    /// <summary>The labelled containers and, when Portal runs in one, its own (two list calls: the engine ANDs filters).</summary>
    private async Task<IReadOnlyList<ContainerListResponse>> ListAsync(CancellationToken ct)
    {
        var selves = await ListAsync("label", $"{PortalLabels.Self}=true", ct).ConfigureAwait(false);
        if (own.Id is not { } id || selves.Any(c => c.ID == id))
        {
            return [.. selves];
        }

        return [.. selves, .. await ListAsync("id", id, ct).ConfigureAwait(false)];
    }

    private async Task<IList<ContainerListResponse>> ListAsync(string filter, string value, CancellationToken ct) =>
        await engines.Current.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { [filter] = new Dictionary<string, bool> { [value] = true } },
        }, ct).ConfigureAwait(false);

    private string Why(ContainerListResponse c) =>
        c.Labels is { } labels && labels.TryGetValue(PortalLabels.Self, out var v) && v == "true" || c.ID != own.Id
            ? $"label {PortalLabels.Self}=true"
            : "the container Portal runs in";

    private static bool Is(ContainerListResponse c, string idOrName) =>
        idOrName.Length > 0 && (c.ID == idOrName || (idOrName.Length >= 12 && c.ID.StartsWith(idOrName, StringComparison.Ordinal))
            || (c.Names ?? []).Any(n => n.TrimStart('/') == idOrName.TrimStart('/')));

    private static string NameOf(ContainerListResponse c) => c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12];

    private static OperationFailedException Refused(string why) =>
        new(OperationOutcome.Conflict, $"Refused by rule '{Rule}': {why}") { Rule = Rule };
}
