using System.Collections.Concurrent;
using System.Reflection;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Admission;

/// <summary>
/// The one admission entry point, for every request kind: the request gets the actor, the settings in force and
/// their defaults; administrators pass; everyone else meets every rule that judges that kind, in order. A refusal
/// names the rule and the setting that would allow it, and is thrown before anything reaches the engine.
/// </summary>
public sealed class AdmissionPolicy(IEnumerable<IAdmissionRule> rules, PolicySettingsCache settings)
{
    public const string PrivilegedExecRule = ExecRules.PrivilegedExec;

    public const string RootExecRule = ExecRules.RootExec;

    public const string ExecPermissionRule = ExecRules.Permission;

    private static readonly MethodInfo s_judge = typeof(AdmissionPolicy).GetMethod(nameof(Judge), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly ConcurrentDictionary<Type, Func<IAdmissionRule, AdmissionRequest, AdmissionRefusal?>> s_judges = new();

    private readonly IReadOnlyList<IAdmissionRule> _rules = [.. rules];

    /// <summary>The rules in force, in the order they are checked.</summary>
    public IReadOnlyList<IAdmissionRule> Rules => _rules;

    /// <summary>The settings cache the rules read.</summary>
    public PolicySettingsCache Settings => settings;

    /// <summary>Admits <paramref name="request"/> with the settings read fresh; returns it as admitted (defaults applied).</summary>
    public async Task<TRequest> AdmitAsync<TRequest>(Actor actor, TRequest request, CancellationToken cancellationToken)
        where TRequest : AdmissionRequest
    {
        var current = await settings.GetAsync(cancellationToken).ConfigureAwait(false);
        return Admit(actor, request, current);
    }

    /// <summary>Admits <paramref name="request"/> with <paramref name="current"/> settings (the cached ones when null).</summary>
    public TRequest Admit<TRequest>(Actor actor, TRequest request, PolicySettings? current = null)
        where TRequest : AdmissionRequest
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var admitted = (TRequest)(request with { Actor = actor, Settings = current ?? settings.Current }).WithDefaults();
        if (actor.IsAdmin)
        {
            return admitted;
        }

        // By the request's own kind, not the static type the caller holds (a runner holds every kind as AdmissionRequest).
        var judge = s_judges.GetOrAdd(admitted.GetType(), kind => s_judge.MakeGenericMethod(kind).CreateDelegate<Func<IAdmissionRule, AdmissionRequest, AdmissionRefusal?>>());
        foreach (var rule in _rules)
        {
            if (judge(rule, admitted) is { } refusal)
            {
                throw Refuse(rule.Name, refusal);
            }
        }

        return admitted;
    }

    /// <summary>The rule's verdict when it judges kind <typeparamref name="TKind"/>; by contravariance a rule for container specs also judges a compose service, which is one.</summary>
    private static AdmissionRefusal? Judge<TKind>(IAdmissionRule rule, AdmissionRequest request)
        where TKind : AdmissionRequest =>
        rule is IAdmissionRule<TKind> judge ? judge.Check((TKind)request) : null;

    /// <summary>The refusal every rule gives: forbidden, naming the rule and what would allow it.</summary>
    public static OperationFailedException Refuse(string rule, AdmissionRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var allow = refusal.AdminOnly ? ""
            : refusal.Setting is null ? " No policy setting allows this for non-administrators."
            : $" (policy setting: {refusal.Setting})";
        return new OperationFailedException(OperationOutcome.Forbidden, $"Refused by rule '{rule}': {refusal.Reason}{allow}") { Rule = rule };
    }
}
