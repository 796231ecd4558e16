namespace Portal.Engine.Admission;

/// <summary>Why a rule refused, and the policy setting that would allow it (null when none does).</summary>
/// <remarks><c>AdminOnly</c>: the refusal names no setting at all (network, volume and build options are simply reserved for administrators).</remarks>
public sealed record AdmissionRefusal(string Reason, string? Setting, bool AdminOnly = false)
{
    /// <summary>
    /// The request field the refusal is about, in the REST request's own JSON names (<c>image</c>, <c>binds[1]</c>,
    /// <c>ports[0]</c>, <c>driver</c>), so a form can mark the input; null when the refusal concerns the request as a whole.
    /// </summary>
    public string? Field { get; init; }

    /// <summary>A refusal no setting can lift, worded without the policy-setting sentence.</summary>
    public static AdmissionRefusal ReservedForAdmins(string reason, string? field = null) => new(reason, null, AdminOnly: true) { Field = field };
}
