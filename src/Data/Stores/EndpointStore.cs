using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Engine endpoints ("environments").</summary>
public sealed class EndpointStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time)
{
    /// <summary>Returns the id of the endpoint named <paramref name="name"/>, creating or re-pointing it.</summary>
    public async Task<int> EnsureAsync(string name, string uri, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var endpoint = await db.Endpoints.FirstOrDefaultAsync(e => e.Name == name, cancellationToken).ConfigureAwait(false);
        if (endpoint is null)
        {
            endpoint = new EngineEndpoint { Name = name, Uri = uri, CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Endpoints.Add(endpoint);
        }
        else
        {
            endpoint.Uri = uri;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return endpoint.Id;
    }
}
