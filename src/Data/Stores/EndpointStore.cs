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

    /// <summary>Every endpoint, by name.</summary>
    public async Task<IReadOnlyList<EngineEndpoint>> ListAsync(CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Endpoints.AsNoTracking().OrderBy(e => e.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The endpoint named <paramref name="name"/>, or null.</summary>
    public async Task<EngineEndpoint?> FindAsync(string name, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Endpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Name == name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a new endpoint (its id is set); false when the name is taken.</summary>
    public async Task<bool> AddAsync(EngineEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var db = factory.CreateDbContext();
        if (await db.Endpoints.AnyAsync(e => e.Name == endpoint.Name, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        endpoint.CreatedAt = time.GetUtcNow().UtcDateTime;
        db.Endpoints.Add(endpoint);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            // Lost a race for the name against another request.
            return false;
        }
    }

    /// <summary>Writes every field of an existing endpoint (by id); false when the new name is taken by another.</summary>
    public async Task<bool> UpdateAsync(EngineEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var db = factory.CreateDbContext();
        if (await db.Endpoints.AnyAsync(e => e.Name == endpoint.Name && e.Id != endpoint.Id, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        endpoint.UpdatedAt = time.GetUtcNow().UtcDateTime;
        db.Endpoints.Update(endpoint);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Names of up to <paramref name="take"/> stacks recorded on the endpoint, and how many there are.</summary>
    public async Task<(IReadOnlyList<string> Names, int Count)> StacksAsync(int endpointId, int take, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var stacks = db.Stacks.AsNoTracking().Where(s => s.EndpointId == endpointId);
        var names = await stacks.OrderBy(s => s.Name).Select(s => s.Name).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
        return (names, await stacks.CountAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Removes the endpoint with everything recorded for it alone: its grants, its policy and its catalog rows
    /// (containers, images, networks, volumes). Audit entries keep its id as history. False when there was none.
    /// </summary>
    public async Task<bool> DeleteAsync(int endpointId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Containers.Where(c => c.EndpointId == endpointId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Images.Where(i => i.EndpointId == endpointId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Networks.Where(n => n.EndpointId == endpointId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Volumes.Where(v => v.EndpointId == endpointId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Policies.Where(p => p.EndpointId == endpointId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.EnvironmentGrants.Where(g => g.EndpointId == endpointId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var removed = await db.Endpoints.Where(e => e.Id == endpointId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }
}
