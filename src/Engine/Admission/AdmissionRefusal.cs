namespace Portal.Engine.Admission;

/// <summary>Why a rule refused, and the policy setting that would allow it (null when none does).</summary>
/// <remarks><c>AdminOnly</c>: the refusal names no setting at all (network, volume and build options are simply reserved for administrators).</remarks>
public sealed record AdmissionRefusal(string Reason, string? Setting, bool AdminOnly = false)
{
    /// <summary>A refusal no setting can lift, worded without the policy-setting sentence.</summary>
    public static AdmissionRefusal ReservedForAdmins(string reason) => new(reason, null, AdminOnly: true);
}
