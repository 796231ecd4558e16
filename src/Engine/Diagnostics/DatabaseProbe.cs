using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Engine.Diagnostics;

/// <summary>Whether the database answers a query against Portal's own schema (not merely opens), for readiness probes.</summary>
public sealed class DatabaseProbe(IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>Null when the database answers, else why not.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                await db.Endpoints.AnyAsync(cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ex.Message;
        }
    }
}
