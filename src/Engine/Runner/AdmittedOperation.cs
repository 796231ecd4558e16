using Portal.Engine.Admission;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;

namespace Portal.Engine.Runner;

/// <summary>
/// Proof that an operation passed access, admission and quota: only <see cref="OperationRunner"/> makes one, and
/// every method of the resource layer that changes the engine takes one. So nothing outside a declared
/// operation's engine step can change the engine (an architecture test checks both halves).
/// </summary>
public sealed class AdmittedOperation
{
    private readonly Func<QuotaDemand, CancellationToken, Task> _recheck;

    internal AdmittedOperation(OperationContext context, OperationDeclaration declaration, IReadOnlyList<AdmissionRequest> admitted, Func<QuotaDemand, CancellationToken, Task> recheck)
    {
        Context = context;
        Declaration = declaration;
        Admitted = admitted;
        _recheck = recheck;
    }

    /// <summary>The run's audit context: the engine step refines the target and fills in the detail.</summary>
    public OperationContext Context { get; }

    public OperationDeclaration Declaration { get; }

    public Actor Actor => Context.Actor;

    /// <summary>The owning team access resolved.</summary>
    public string? Team => Context.Team;

    /// <summary>The requests as admitted (defaults applied), in the order they were declared.</summary>
    public IReadOnlyList<AdmissionRequest> Admitted { get; }

    /// <summary>The one admitted request of kind <typeparamref name="TRequest"/>.</summary>
    public TRequest The<TRequest>()
        where TRequest : AdmissionRequest => Admitted.OfType<TRequest>().Single();

    /// <summary>
    /// Checks a demand that is only known once the engine step has learnt more (a stack's plan made again after its
    /// images were fetched), still under the team's quota lock the runner holds.
    /// </summary>
    public Task RecheckQuotaAsync(QuotaDemand demand, CancellationToken cancellationToken) => _recheck(demand, cancellationToken);
}
