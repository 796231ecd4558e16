using System.Runtime.CompilerServices;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;
using Portal.Engine.Teams;

namespace Portal.Engine.Audit;

/// <summary>Reads, exports and configures the audit log; administrators only.</summary>
public sealed class AuditOperations(AuditStore audit, OperationRunner runner, Engines engines)
{
    /// <summary>Longest retention an administrator may set, in days (about 100 years).</summary>
    public const int MaxRetentionDays = 36500;

    /// <summary>One page of matching entries, newest first, and how many match in all.</summary>
    public async Task<PagedResult<AuditRecord>> QueryAsync(Actor actor, AuditSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        TeamOperations.RequireAdmin(actor);
        var page = await audit.QueryAsync(search.ToQuery(), cancellationToken).ConfigureAwait(false);
        return new PagedResult<AuditRecord>(page.Items.Select(ToRecord).ToList(), page.Total);
    }

    /// <summary>Every matching entry, newest first, read lazily; the access check happens before the first row.</summary>
    public IAsyncEnumerable<AuditRecord> Export(Actor actor, AuditSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        TeamOperations.RequireAdmin(actor);
        return Stream(search.ToQuery(), cancellationToken);
    }

    public Task<int> GetRetentionDaysAsync(Actor actor, CancellationToken cancellationToken)
    {
        TeamOperations.RequireAdmin(actor);
        return audit.GetRetentionDaysAsync(cancellationToken);
    }

    /// <summary>Sets the retention (0 keeps everything); audited as <c>audit.retention</c>.</summary>
    public Task SetRetentionDaysAsync(Actor actor, int days, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "audit.retention", "audit", async (ctx, ct) =>
        {
            TeamOperations.RequireAdmin(actor);
            if (days is < 0 or > MaxRetentionDays)
            {
                throw OperationFailedException.Invalid($"Retention must be between 0 (keep everything) and {MaxRetentionDays} days.");
            }

            ctx.Detail = days == 0 ? "keep everything" : $"{days} days";
            await audit.SetRetentionDaysAsync(days, ct).ConfigureAwait(false);
        }, cancellationToken);

    private AuditRecord ToRecord(AuditEntry entry) => AuditRecord.From(entry, engines.NameOf(entry.EndpointId));

    private async IAsyncEnumerable<AuditRecord> Stream(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in audit.StreamAsync(query, cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(entry);
        }
    }
}
