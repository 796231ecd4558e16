using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Stored registries; secrets arrive and leave as ciphertext only.</summary>
public sealed class RegistryStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time)
{
    public async Task<IReadOnlyList<RegistryCredential>> ListAsync(CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Registries.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RegistryCredential?> FindAsync(int id, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Registries.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds <paramref name="registry"/>; false when its team (or, for a registry for everyone, another such registry) has the name already.</summary>
    public async Task<bool> AddAsync(RegistryCredential registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var db = factory.CreateDbContext();
        if (await db.Registries.AnyAsync(r => r.Name == registry.Name && r.Team == registry.Team, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        registry.CreatedAt = time.GetUtcNow().UtcDateTime;
        db.Registries.Add(registry);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // SQLITE_CONSTRAINT: the same name added at the same moment; the unique index decides.
            return false;
        }

        return true;
    }

    public async Task<bool> RemoveAsync(int id, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.Registries.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
