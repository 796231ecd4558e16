using Portal.Engine.Networks;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>
/// What non-admins may not ask for when creating a network: drivers other than bridge (macvlan,
/// ipvlan put containers straight on the host's LAN), driver options (they name host interfaces
/// and bridges) and marking a network shared with every team.
/// </summary>
public static class NetworkAdmission
{
    public const string BridgeOnlyRule = "bridge-networks-only";

    public const string DriverOptionsRule = "no-network-driver-options";

    public const string SharedRule = "admin-shares-networks";

    public static void Admit(Actor actor, CreateNetworkRequest request)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (actor.IsAdmin)
        {
            return;
        }

        var driver = string.IsNullOrWhiteSpace(request.Driver) ? "bridge" : request.Driver.Trim();
        if (driver != "bridge")
        {
            throw Refuse(BridgeOnlyRule, $"Network driver '{driver}' is reserved for administrators; use bridge.");
        }

        if (request.Options is { Count: > 0 } options)
        {
            throw Refuse(DriverOptionsRule, $"Network driver options ({string.Join(", ", options.Keys)}) are reserved for administrators.");
        }

        if (request.Shared)
        {
            throw Refuse(SharedRule, "Only administrators mark a network shared with every team.");
        }
    }

    internal static OperationFailedException Refuse(string rule, string reason) =>
        new(OperationOutcome.Forbidden, $"Refused by rule '{rule}': {reason}") { Rule = rule };
}
