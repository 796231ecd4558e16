using Portal.Engine.Admission;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;

namespace Portal.Engine.Runner;

/// <summary>
/// What an operation that changes the engine is, declared once: its action and target kind, how access resolves
/// its target and owning team, what it asks admission for, and what it adds to the team's quota. The runner runs
/// the steps in one order — access → admission → quota → engine → audit — so no operation can skip one.
/// </summary>
/// <param name="Action">The audit action, for example <c>container.run</c>; it starts with the kind's name.</param>
/// <param name="Kind">What the operation acts on.</param>
/// <param name="Target">The object's name as the actor gave it; access refines it.</param>
public sealed record OperationDeclaration(string Action, TargetKind Kind, string Target)
{
    /// <summary>
    /// Access: resolves the object the actor names (refusing another team's exactly like a missing one) or, for
    /// a new object, the team that will own it (<see cref="OwningTeam.ForNew"/>).
    /// </summary>
    public required Func<Actor, CancellationToken, Task<OperationTarget>> Access { get; init; }

    /// <summary>What to admit, given what access resolved; every request goes through the one admission entry point. None: nothing to admit.</summary>
    public Func<OperationTarget, CancellationToken, Task<IReadOnlyList<AdmissionRequest>>>? Admit { get; init; }

    /// <summary>
    /// How refusals are told (a stack names each service and key); when set, every request is judged and every
    /// refusal told at once, one per refusing rule of each request. Null keeps the rule's words and stops at the first.
    /// </summary>
    public Func<IReadOnlyList<(AdmissionRequest Request, OperationFailedException Refusal)>, Exception>? Refused { get; init; }

    /// <summary>
    /// The quota effect, given the admitted requests; the runner holds the owning team's quota lock from this check until
    /// the engine step ends. None: the operation adds nothing to a team's use.
    /// </summary>
    public Func<OperationTarget, IReadOnlyList<AdmissionRequest>, CancellationToken, Task<QuotaDemand?>>? Quota { get; init; }

    /// <summary>How a quota refusal is told (a stack says nothing was deployed); null keeps the quota's words.</summary>
    public Func<OperationFailedException, Exception>? QuotaRefused { get; init; }

    /// <summary>Shorthand for a declaration that admits one request.</summary>
    public static Func<OperationTarget, CancellationToken, Task<IReadOnlyList<AdmissionRequest>>> One(Func<OperationTarget, AdmissionRequest> request) =>
        (target, _) => Task.FromResult<IReadOnlyList<AdmissionRequest>>([request(target)]);
}
