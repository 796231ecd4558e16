namespace Portal.Engine.Admission;

/// <summary>
/// The words of a rule's refusal, composed in one place: one sentence that names the rule once, the rule's reason,
/// and the setting that would allow it only when the reason does not already name it.
/// </summary>
public static class RefusalText
{
    /// <summary>The reason with what would allow it, without the rule's name and without a closing full stop.</summary>
    public static string Reason(AdmissionRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var reason = refusal.Reason.Trim().TrimEnd('.');
        var allow = refusal.AdminOnly ? ""
            : refusal.Setting is null ? "; no policy setting allows this for non-administrators"
            : reason.Contains($"'{refusal.Setting}'", StringComparison.Ordinal) ? ""
            : $" (policy setting '{refusal.Setting}')";
        return reason + allow;
    }

    /// <summary>The refusal as one sentence: <c>Refused by rule 'r': reason.</c></summary>
    public static string Sentence(string rule, AdmissionRefusal refusal) => $"Refused by rule '{rule}': {Reason(refusal)}.";

    /// <summary>The refusal of one part of a larger request as one sentence: <c>subject is refused by rule 'r': reason.</c></summary>
    /// <param name="subject">What is refused, for example <c>Service 'web' (key 'privileged')</c>.</param>
    /// <param name="rule">The refusing rule's name.</param>
    /// <param name="reason">The rule's reason as <see cref="Reason(AdmissionRefusal)"/> gives it (no rule name).</param>
    public static string Sentence(string subject, string rule, string reason) => $"{subject} is refused by rule '{rule}': {reason.TrimEnd('.')}.";
}
