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
    /// <exception cref="OperationFailedException">Forbidden: one sentence per refusing rule, every rule that refuses (<see cref="OperationFailedException.Problems"/> when more than one).</exception>
    public TRequest Admit<TRequest>(Actor actor, TRequest request, PolicySettings? current = null)
        where TRequest : AdmissionRequest
    {
        var (admitted, refusals) = Judge(actor, request, current);
        return refusals.Count == 0 ? admitted : throw Combine(refusals);
    }

    /// <summary>
    /// Admits every request with the settings read once, judging them all instead of stopping at the first refusal, so
    /// a stack can tell every refused service at once. Returns the admitted requests (defaults applied) and the refusals,
    /// one per refusing rule of each request.
    /// </summary>
    public async Task<AdmissionVerdicts> AdmitEachAsync(Actor actor, IEnumerable<AdmissionRequest> requests, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(cancellationToken).ConfigureAwait(false);
        return AdmitEach(actor, requests, current);
    }

    /// <summary>As <see cref="AdmitEachAsync"/>, with <paramref name="current"/> settings.</summary>
    public AdmissionVerdicts AdmitEach(Actor actor, IEnumerable<AdmissionRequest> requests, PolicySettings current)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var admitted = new List<AdmissionRequest>();
        var refused = new List<(AdmissionRequest, OperationFailedException)>();
        foreach (var request in requests)
        {
            var (judged, refusals) = Judge(actor, request, current);
            if (refusals.Count == 0)
            {
                admitted.Add(judged);
            }

            refused.AddRange(refusals.Select(r => (request, r)));
        }

        return new AdmissionVerdicts(admitted, refused);
    }

    /// <summary>The request as admitted (defaults applied), and the refusal of every rule that refuses it.</summary>
    private (TRequest Admitted, IReadOnlyList<OperationFailedException> Refusals) Judge<TRequest>(Actor actor, TRequest request, PolicySettings? current)
        where TRequest : AdmissionRequest
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var admitted = (TRequest)(request with { Actor = actor, Settings = current ?? settings.Current }).WithDefaults();
        if (actor.IsAdmin)
        {
            return (admitted, []);
        }

        // By the request's own kind, not the static type the caller holds (a runner holds every kind as AdmissionRequest).
        var judge = s_judges.GetOrAdd(admitted.GetType(), kind => s_judge.MakeGenericMethod(kind).CreateDelegate<Func<IAdmissionRule, AdmissionRequest, AdmissionRefusal?>>());
        return (admitted, [.. _rules.Select(rule => (rule.Name, Refusal: judge(rule, admitted))).Where(r => r.Refusal is not null).Select(r => Refuse(r.Name, r.Refusal!))]);
    }

    /// <summary>One failure for every rule that refused one request: the first rule's, or all of them, one sentence each.</summary>
    private static OperationFailedException Combine(IReadOnlyList<OperationFailedException> refusals) => refusals.Count == 1
        ? refusals[0]
        : new OperationFailedException(OperationOutcome.Forbidden, string.Join(' ', refusals.Select(r => r.Message)))
        {
            Rule = refusals[0].Rule,
            Reason = refusals[0].Reason,
            Field = refusals[0].Field,
            Problems = [.. refusals.Select(r => new RequestProblem(r.Message, r.Field, r.Rule))],
        };

    /// <summary>The rule's verdict when it judges kind <typeparamref name="TKind"/>; by contravariance a rule for container specs also judges a compose service, which is one.</summary>
    private static AdmissionRefusal? Judge<TKind>(IAdmissionRule rule, AdmissionRequest request)
        where TKind : AdmissionRequest =>
        rule is IAdmissionRule<TKind> judge ? judge.Check((TKind)request) : null;

    /// <summary>The refusal every rule gives: forbidden, one sentence naming the rule once and what would allow it, and the field it is about.</summary>
    public static OperationFailedException Refuse(string rule, AdmissionRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new OperationFailedException(OperationOutcome.Forbidden, RefusalText.Sentence(rule, refusal))
        {
            Rule = rule,
            Reason = RefusalText.Reason(refusal),
            Field = refusal.Field,
        };
    }
}
