using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Data;

/// <summary>
/// Applies pending migrations before anything else starts; a failure stops the host. A database that a newer
/// Portal migrated (a downgraded image over the same volume) is refused before anything is written.
/// </summary>
internal sealed partial class MigrationHostedService(IDbContextFactory<PortalDbContext> factory, ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var db = factory.CreateDbContext();
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false))
                .Where(id => !known.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                throw new DatabaseNewerThanAppException(unknown);
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            LogMigrated(logger, pending.Count);
        }
        catch (DatabaseNewerThanAppException ex)
        {
            LogNewerDatabase(logger, ex.Message);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMigrationFailed(logger, ex);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "Database ready ({Count} migrations applied)")]
    private static partial void LogMigrated(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Critical, "Database migration failed")]
    private static partial void LogMigrationFailed(ILogger logger, Exception exception);

    [LoggerMessage(3, LogLevel.Critical, "{Message}")]
    private static partial void LogNewerDatabase(ILogger logger, string message);
}
