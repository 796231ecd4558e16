using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Access;

/// <summary>
/// The access step for networks. Another team's network is reported exactly like a missing one;
/// built-in networks and networks an admin marked shared are visible to everyone; nobody but an
/// admin attaches to <c>host</c>.
/// </summary>
public sealed class NetworkAccess(Engines engines)
{
    /// <summary>Name of the rule that keeps non-admins off the host's network namespace.</summary>
    public const string HostNetworkRule = "no-host-namespaces";

    /// <summary>
    /// Finds the network <paramref name="idOrName"/> names for <paramref name="actor"/> and checks
    /// <paramref name="use"/>; callers address the engine by the returned <see cref="ResolvedNetwork.Id"/>
    /// from then on, never by the name again.
    /// </summary>
    /// <remarks>
    /// The engine (API 1.41) lets several networks share a name, and then answers every call by that
    /// name with "ambiguous". Only the networks the actor may see are candidates here, so another
    /// team's (or the CLI's) same-named network never takes the actor's own out of service.
    /// </remarks>
    public async Task<ResolvedNetwork> ResolveAsync(Actor actor, string idOrName, NetworkUse use, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(idOrName))
        {
            throw OperationFailedException.NotFound("network", idOrName ?? "");
        }

        var inspect = await InspectAsync(idOrName, cancellationToken).ConfigureAwait(false)
            ?? await InspectAsync(await PickAsync(actor, idOrName, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
            ?? throw OperationFailedException.NotFound("network", idOrName);
        var resolved = ToResolved(inspect);
        Check(actor, resolved, use, idOrName);
        return resolved;
    }

    /// <summary>The network the actor means when the engine found the term ambiguous: the only one it may see.</summary>
    private async Task<string> PickAsync(Actor actor, string term, CancellationToken ct)
    {
        // The engine's own order: an exact id, else exact names, else id prefixes.
        var all = (await ListAsync(ct).ConfigureAwait(false)).Select(ToResolved).ToList();
        var matches = all.Where(n => n.Id == term).ToList() is { Count: > 0 } byId ? byId
            : all.Where(n => n.Name == term).ToList() is { Count: > 0 } byName ? byName
            : all.Where(n => n.Id.StartsWith(term, StringComparison.Ordinal)).ToList();
        var visible = matches.Where(n => IsVisible(actor, n)).ToList();
        return visible.Count switch
        {
            0 => throw OperationFailedException.NotFound("network", term),
            1 => visible[0].Id,
            _ => throw OperationFailedException.Invalid(
                $"The network name '{term}' is ambiguous: use the id of the one you mean ({string.Join(", ", visible.Select(n => n.Id[..Math.Min(12, n.Id.Length)]).Order(StringComparer.Ordinal))})."),
        };
    }

    /// <summary>The engine's inspect of the term, or null when it names nothing or more than one network.</summary>
    private async Task<NetworkResponse?> InspectAsync(string term, CancellationToken ct)
    {
        try
        {
            return await engines.Current.Client.Networks.InspectNetworkAsync(term, ct).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
        {
            // "ambiguous": several networks answer to the term; the caller picks among the visible ones.
            return null;
        }
    }

    private async Task<IList<NetworkResponse>> ListAsync(CancellationToken ct) =>
        await engines.Current.Client.Networks.ListNetworksAsync(new NetworksListParameters(), ct).ConfigureAwait(false);

    /// <summary>Ownership as the network's labels tell it.</summary>
    public static ResolvedNetwork ToResolved(NetworkResponse network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var labels = network.Labels ?? new Dictionary<string, string>();
        var team = labels.TryGetValue(PortalLabels.Team, out var t) && t.Length > 0 ? t : null;
        var shared = labels.TryGetValue(PortalLabels.Shared, out var s) && s == "true";
        return new ResolvedNetwork(network.ID, network.Name, team, shared, KnownNetworks.IsBuiltIn(network.Name), network);
    }

    /// <summary>The decision itself, apart from the engine lookup (pure, for unit tests).</summary>
    public static void Check(Actor actor, ResolvedNetwork network, NetworkUse use, string asNamed)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(network);
        if (!IsVisible(actor, network))
        {
            throw OperationFailedException.NotFound("network", asNamed);
        }

        if (actor.IsAdmin && !actor.ReadOnly)
        {
            if (use == NetworkUse.Change && network.BuiltIn)
            {
                throw OperationFailedException.Forbidden($"'{network.Name}' is one of the engine's built-in networks; it cannot be changed or removed.");
            }

            return;
        }

        switch (use)
        {
            case NetworkUse.Read:
                return;
            case NetworkUse.Change when network.BuiltIn:
                throw OperationFailedException.Forbidden($"'{network.Name}' is one of the engine's built-in networks; it cannot be changed or removed.");
            case NetworkUse.Change when !actor.CanOperate(network.Team):
                throw OperationFailedException.Forbidden(ReadOnlyMessage(actor, network));
            case NetworkUse.Change:
                return;
            case NetworkUse.Attach when network.Name == KnownNetworks.Host:
                throw new OperationFailedException(OperationOutcome.Forbidden,
                    $"Refused by rule '{HostNetworkRule}': attaching to the host's network is reserved for administrators.") { Rule = HostNetworkRule };
            case NetworkUse.Attach when network.BuiltIn || network.Shared:
                if (actor.ReadOnly || !actor.OperableTeams.Any())
                {
                    throw OperationFailedException.Forbidden(actor.ReadOnly ? "This access token is read-only." : "You are not an operator of any team, so you cannot attach containers.");
                }

                return;
            case NetworkUse.Attach when !actor.CanOperate(network.Team):
                throw OperationFailedException.Forbidden(ReadOnlyMessage(actor, network));
            default:
                return;
        }
    }

    /// <summary>True when the actor may know the network exists.</summary>
    public static bool IsVisible(Actor actor, ResolvedNetwork network) =>
        actor.IsAdmin || network.BuiltIn || network.Shared || actor.CanSee(network.Team);

    private static string ReadOnlyMessage(Actor actor, ResolvedNetwork network) =>
        actor.ReadOnly ? "This access token is read-only."
        : actor.CanSee(network.Team) ? $"You have read-only access to team '{network.Team}'."
        : $"Network '{network.Name}' is shared by team '{network.Team}'; only its operators may change it.";
}
