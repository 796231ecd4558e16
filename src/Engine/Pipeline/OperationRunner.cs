using Microsoft.Extensions.Logging;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Logging;

namespace Portal.Engine.Pipeline;

/// <summary>
/// The one path every mutation takes: the body runs access, then admission, then the engine
/// call; this runner turns whatever happens into one outcome and writes one audit entry,
/// refusals included.
/// </summary>
public sealed class OperationRunner(AuditStore audit, EngineConnection connection, EngineContext engine, TimeProvider time, ILogger<OperationRunner> logger)
{
    /// <summary>Runs <paramref name="body"/> for <paramref name="actor"/> and audits the outcome.</summary>
    /// <remarks>
    /// Failures surface as <see cref="OperationFailedException"/>; Docker client errors are
    /// translated. The audit write ignores the caller's token so a cancelled request is still recorded.
    /// </remarks>
    public async Task<T> RunAsync<T>(Actor actor, string action, string target, Func<OperationContext, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        var context = new OperationContext(actor, action, target);
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
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = DockerErrorTranslator.Translate(ex, connection.Endpoint);
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
                EndpointId = engine.EndpointId,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // An audit failure must not hide the operation's own outcome; it is logged loudly.
            Log.AuditWriteFailed(logger, ex, context.Action, context.Target);
        }
    }
}
