using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Reads and writes the admission policy document of an environment.</summary>
public sealed class PolicyStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time)
{
    /// <summary>The stored JSON, or null when the environment still runs on the defaults.</summary>
    public async Task<string?> GetAsync(int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Policies.AsNoTracking().Where(p => p.EndpointId == endpointId).Select(p => p.Json)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveAsync(int endpointId, string json, string updatedBy, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var row = await db.Policies.FirstOrDefaultAsync(p => p.EndpointId == endpointId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new PolicyDocument { EndpointId = endpointId, Json = json };
            db.Policies.Add(row);
        }

        row.Json = json;
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        row.UpdatedBy = updatedBy;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
