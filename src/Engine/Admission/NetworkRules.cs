namespace Portal.Engine.Admission;

/// <summary>Drivers other than bridge (macvlan, ipvlan) put containers straight on the host's LAN.</summary>
public sealed class BridgeNetworksOnlyRule : IAdmissionRule<NetworkCreateAdmission>
{
    public const string RuleName = "bridge-networks-only";

    public string Name => RuleName;

    public AdmissionRefusal? Check(NetworkCreateAdmission request) =>
        request.EffectiveDriver == "bridge" ? null : AdmissionRefusal.ReservedForAdmins($"Network driver '{request.EffectiveDriver}' is reserved for administrators; use bridge.", "driver");
}

/// <summary>Network driver options name host interfaces and bridges.</summary>
public sealed class NoNetworkDriverOptionsRule : IAdmissionRule<NetworkCreateAdmission>
{
    public const string RuleName = "no-network-driver-options";

    public string Name => RuleName;

    public AdmissionRefusal? Check(NetworkCreateAdmission request) =>
        request.Options is { Count: > 0 } options
            ? AdmissionRefusal.ReservedForAdmins($"Network driver options ({string.Join(", ", options.Keys)}) are reserved for administrators.", "options")
            : null;
}

/// <summary>A network shared with every team is the administrator's to make.</summary>
public sealed class AdminSharesNetworksRule : IAdmissionRule<NetworkCreateAdmission>
{
    public const string RuleName = "admin-shares-networks";

    public string Name => RuleName;

    public AdmissionRefusal? Check(NetworkCreateAdmission request) =>
        request.Shared ? AdmissionRefusal.ReservedForAdmins("Only administrators mark a network shared with every team.", "shared") : null;
}
