using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.TestSupport;

/// <summary>
/// A real SQLite file in the temp folder, configured exactly as Portal configures it
/// (<c>AddPortalData</c>: pooled factory, pragma interceptor) with every migration applied.
/// Disposing deletes the file and its WAL and shared-memory companions.
/// </summary>
public sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SqliteTestDatabase(string path, ServiceProvider services)
    {
        Path = path;
        _services = services;
        Factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The pooled context factory the stores use.</summary>
    public IDbContextFactory<PortalDbContext> Factory { get; }

    /// <summary>Creates an empty file and applies the migrations.</summary>
    public static async Task<SqliteTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var database = CreateUnmigrated();
        try
        {
            await using var db = await database.Factory.CreateDbContextAsync(cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Points the factory at a new path without creating anything (for migration tests).</summary>
    public static SqliteTestDatabase CreateUnmigrated()
    {
        var path = NewPath();
        var services = new ServiceCollection().AddLogging().AddPortalData(path).BuildServiceProvider();
        return new SqliteTestDatabase(path, services);
    }

    /// <summary>A fresh, unused file path under the temp folder.</summary>
    public static string NewPath() => System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"portal-test-{Guid.NewGuid():N}.db");

    /// <summary>Releases pooled connections to <paramref name="path"/> and deletes the file and its companions.</summary>
    public static void DeleteFiles(string path)
    {
        // Microsoft.Data.Sqlite pools connections; a pooled handle keeps the WAL files alive.
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        DeleteFiles(Path);
    }
}
