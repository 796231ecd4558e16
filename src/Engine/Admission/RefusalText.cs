namespace Portal.Engine.Admission;

/// <summary>
/// The words of a rule's refusal, composed in one place: one sentence that names the rule once, the rule's reason,
/// and the policy setting that would allow it named once (called a policy setting where the reason names it, else added).
/// </summary>
public static class RefusalText
{
    /// <summary>The reason with what would allow it, without the rule's name and without a closing full stop.</summary>
    public static string Reason(AdmissionRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var reason = refusal.Reason.Trim().TrimEnd('.');
        if (refusal.AdminOnly)
        {
            return reason;
        }

        if (refusal.Setting is null)
        {
            return reason + "; no policy setting allows this for non-administrators";
        }

        // Where the reason already names the setting it is said to be one, there and only there.
        var named = $"'{refusal.Setting}'";
        var at = reason.IndexOf(named, StringComparison.Ordinal);
        return at < 0 ? $"{reason} (policy setting {named})" : $"{reason[..at]}policy setting {reason[at..]}";
    }

    /// <summary>The refusal as one sentence: <c>Refused by rule 'r': reason.</c></summary>
    public static string Sentence(string rule, AdmissionRefusal refusal) => $"Refused by rule '{rule}': {Reason(refusal)}.";

    /// <summary>The refusal of one part of a larger request as one sentence: <c>subject is refused by rule 'r': reason.</c></summary>
    /// <param name="subject">What is refused, for example <c>Service 'web' (key 'privileged')</c>.</param>
    /// <param name="rule">The refusing rule's name.</param>
    /// <param name="reason">The rule's reason as <see cref="Reason(AdmissionRefusal)"/> gives it (no rule name).</param>
    public static string Sentence(string subject, string rule, string reason) => $"{subject} is refused by rule '{rule}': {reason.TrimEnd('.')}.";
}
