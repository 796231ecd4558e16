using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Logging;

namespace Portal.Engine.Audit;

/// <summary>
/// Applies the audit retention setting: every <see cref="Interval"/> (and once at start) deletes
/// entries older than the configured number of days and records how many it deleted.
/// </summary>
/// <remarks>Waits on the injected <see cref="TimeProvider"/>, so tests drive it with a fake clock.</remarks>
public sealed class AuditRetentionService(AuditStore audit, TimeProvider time, ILogger<AuditRetentionService> logger) : BackgroundService
{
    /// <summary>How often the retention is applied.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Number of completed passes; tests wait on it.</summary>
    public int Passes => Volatile.Read(ref _passes);

    private int _passes;

    /// <summary>One pass: deletes what the retention setting says is too old; returns how many entries.</summary>
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var days = await audit.GetRetentionDaysAsync(cancellationToken).ConfigureAwait(false);
        if (days <= 0)
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var deleted = await audit.DeleteOlderThanAsync(now.AddDays(-days), cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            // The deletion itself is on record, so a shrinking log is never a mystery.
            await audit.AppendAsync(new AuditEntry
            {
                Time = now,
                Actor = "system",
                Action = "audit.purge",
                Target = "audit",
                Outcome = "succeeded",
                Detail = $"deleted {deleted} entries older than {days} days",
            }, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ApplyAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.AuditRetentionFailed(logger, ex);
            }

            try
            {
                // The timer exists before the pass is counted, so a test that advances its clock
                // after seeing the count cannot slip in before the timer is set.
                var next = Task.Delay(Interval, time, stoppingToken);
                Interlocked.Increment(ref _passes);
                await next.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
