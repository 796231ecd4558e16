using System.Net;
using Docker.DotNet;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Networks;

/// <summary>
/// The access step for networks. Another team's network is reported exactly like a missing one;
/// built-in networks and networks an admin marked shared are visible to everyone; nobody but an
/// admin attaches to <c>host</c>.
/// </summary>
public sealed class NetworkAccess(EngineConnection connection)
{
    /// <summary>Name of the rule that keeps non-admins off the host's network namespace.</summary>
    public const string HostNetworkRule = "no-host-namespaces";

    public async Task<ResolvedNetwork> ResolveAsync(Actor actor, string idOrName, NetworkUse use, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(idOrName))
        {
            throw OperationFailedException.NotFound("network", idOrName ?? "");
        }

        global::Docker.DotNet.Models.NetworkResponse inspect;
        try
        {
            inspect = await connection.Client.Networks.InspectNetworkAsync(idOrName, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw OperationFailedException.NotFound("network", idOrName);
        }

        var labels = inspect.Labels ?? new Dictionary<string, string>();
        var team = labels.TryGetValue(PortalLabels.Team, out var t) && t.Length > 0 ? t : null;
        var shared = labels.TryGetValue(PortalLabels.Shared, out var s) && s == "true";
        var builtIn = KnownNetworks.IsBuiltIn(inspect.Name);
        var resolved = new ResolvedNetwork(inspect.ID, inspect.Name, team, shared, builtIn, inspect);
        Check(actor, resolved, use, idOrName);
        return resolved;
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

    /// <summary>
    /// Whether <see cref="Check"/> lets the actor attach containers to a listed network. Pages offer
    /// only these, so the rule lives here once; the Engine still checks on the real call.
    /// </summary>
    public static bool MayAttach(Actor actor, NetworkSummary network)
    {
        ArgumentNullException.ThrowIfNull(network);
        try
        {
            Check(actor, new ResolvedNetwork(network.Id, network.Name, network.Team, network.Shared, network.BuiltIn, new global::Docker.DotNet.Models.NetworkResponse()), NetworkUse.Attach, network.Name);
            return true;
        }
        catch (OperationFailedException)
        {
            return false;
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
