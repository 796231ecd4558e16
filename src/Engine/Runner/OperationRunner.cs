using Microsoft.Extensions.Logging;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Docker;
using Portal.Engine.Logging;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;

namespace Portal.Engine.Runner;

/// <summary>
/// The one path every mutation takes. An operation that changes the engine declares itself
/// (<see cref="OperationDeclaration"/>) and the runner runs access → admission → quota → engine step
/// itself; every run, declared or not, ends in one outcome and one audit entry, refusals included.
/// </summary>
public sealed class OperationRunner(
    AuditStore audit,
    Engines engines,
    AdmissionPolicy admission,
    QuotaGuard quota,
    AccessChanges accessChanges,
    TimeProvider time,
    ILogger<OperationRunner> logger)
{
    /// <summary>
    /// Runs a declared operation for <paramref name="actor"/>: access, admission of what it declares, the team's quota
    /// (its lock held until the engine step ends), then <paramref name="engineStep"/> with the proof it passed; audited.
    /// </summary>
    public Task<T> RunAsync<T>(Actor actor, OperationDeclaration declaration, Func<AdmittedOperation, CancellationToken, Task<T>> engineStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(engineStep);
        if (!declaration.Action.StartsWith(declaration.Kind.ToString().ToLowerInvariant() + ".", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Action '{declaration.Action}' does not act on a {declaration.Kind}.", nameof(declaration));
        }

        return RunAsync(actor, declaration.Action, declaration.Target, async (ctx, ct) =>
        {
            var target = await declaration.Access(actor, ct).ConfigureAwait(false);
            ctx.Target = target.Name;
            ctx.Team = target.Team;
            var admitted = await AdmitAsync(actor, declaration, target, ct).ConfigureAwait(false);
            using var quotaLock = declaration.Quota is null ? null : await quota.EnterAsync(target.Team, ct).ConfigureAwait(false);
            if (declaration.Quota is not null && await declaration.Quota(target, admitted, ct).ConfigureAwait(false) is { } demand)
            {
                await CheckQuotaAsync(declaration, target.Team, demand, ct).ConfigureAwait(false);
            }

            var operation = new AdmittedOperation(ctx, declaration, admitted, declaration.Quota is null
                ? (_, _) => throw new InvalidOperationException($"{declaration.Action} declares no quota effect.")
                : (demand, token) => CheckQuotaAsync(declaration, target.Team, demand, token));
            return await engineStep(operation, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>A declared operation whose engine step returns nothing.</summary>
    public Task RunAsync(Actor actor, OperationDeclaration declaration, Func<AdmittedOperation, CancellationToken, Task> engineStep, CancellationToken cancellationToken) =>
        RunAsync<bool>(actor, declaration, async (op, ct) =>
        {
            await engineStep(op, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<IReadOnlyList<AdmissionRequest>> AdmitAsync(Actor actor, OperationDeclaration declaration, OperationTarget target, CancellationToken ct)
    {
        if (declaration.Admit is null)
        {
            return [];
        }

        var requests = await declaration.Admit(target, ct).ConfigureAwait(false);
        if (declaration.Refused is not null)
        {
            var verdicts = await admission.AdmitEachAsync(actor, requests, ct).ConfigureAwait(false);
            return verdicts.Refused.Count == 0 ? verdicts.Admitted : throw declaration.Refused(verdicts.Refused);
        }

        var admitted = new List<AdmissionRequest>();
        foreach (var request in requests)
        {
            admitted.Add(await admission.AdmitAsync(actor, request, ct).ConfigureAwait(false));
        }

        return admitted;
    }

    private async Task CheckQuotaAsync(OperationDeclaration declaration, string? team, QuotaDemand demand, CancellationToken ct)
    {
        try
        {
            await quota.CheckAsync(team, demand, ct).ConfigureAwait(false);
        }
        catch (OperationFailedException ex) when (declaration.QuotaRefused is not null && ex.Rule is not null)
        {
            throw declaration.QuotaRefused(ex);
        }
    }

    /// <summary>Runs <paramref name="body"/> for <paramref name="actor"/> and audits the outcome.</summary>
    /// <remarks>
    /// Failures surface as <see cref="OperationFailedException"/>; Docker client errors are
    /// translated. The audit write ignores the caller's token so a cancelled request is still recorded.
    /// </remarks>
    public async Task<T> RunAsync<T>(Actor actor, string action, string target, Func<OperationContext, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        var engine = engines.Current;
        var context = new OperationContext(actor, action, target) { Environment = engine.Environment };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (actor.ReadOnly)
        {
            var refused = OperationFailedException.Forbidden("This access token is read-only.");
            await WriteAuditAsync(context, started, OperationOutcome.Forbidden, refused.Message).ConfigureAwait(false);
            throw refused;
        }

        try
        {
            var result = await body(context, cancellationToken).ConfigureAwait(false);
            await WriteAuditAsync(context, started, OperationOutcome.Succeeded, context.Detail).ConfigureAwait(false);
            if (AccessChanges.MayNarrow(action))
            {
                accessChanges.Raise();
            }

            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = DockerErrorTranslator.Translate(ex, engine.Endpoint);
            if (failure is null)
            {
                await WriteAuditAsync(context, started, OperationOutcome.EngineError, ex.Message).ConfigureAwait(false);
                throw;
            }

            if (failure.Outcome is OperationOutcome.EngineError or OperationOutcome.EngineUnavailable)
            {
                Log.EngineCallFailed(logger, ex, action, context.Target, failure.Message);
            }

            var detail = failure.Rule is null ? failure.Message : $"[{failure.Rule}] {failure.Message}";
            await WriteAuditAsync(context, started, failure.Outcome, detail).ConfigureAwait(false);
            if (ReferenceEquals(failure, ex))
            {
                throw;
            }

            throw failure;
        }
        catch (OperationCanceledException)
        {
            await WriteAuditAsync(context, started, OperationOutcome.EngineError, "Cancelled by the caller.").ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a body that returns nothing.</summary>
    public Task RunAsync(Actor actor, string action, string target, Func<OperationContext, CancellationToken, Task> body, CancellationToken cancellationToken) =>
        RunAsync<bool>(actor, action, target, async (ctx, ct) =>
        {
            await body(ctx, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task WriteAuditAsync(OperationContext context, long started, OperationOutcome outcome, string? detail)
    {
        Diagnostics.EngineMetrics.RecordOperation(context.Action, outcome, started);
        try
        {
            await audit.AppendAsync(new AuditEntry
            {
                Time = time.GetUtcNow().UtcDateTime,
                Actor = context.Actor.UserName,
                Action = context.Action,
                Target = context.Target,
                Outcome = OutcomeNames.Of(outcome),
                Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
                Team = context.Team,
                EndpointId = context.Environment.Id,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // An audit failure must not hide the operation's own outcome; it is logged loudly.
            Log.AuditWriteFailed(logger, ex, context.Action, context.Target);
        }
    }
}
