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

    /// <summary>Creates a file with every migration applied.</summary>
    /// <remarks>
    /// The first call in a process migrates a template file through the real path
    /// (<c>AddPortalData</c> + <c>MigrateAsync</c>); later calls copy it, which keeps a fresh
    /// database per test cheap. Migration itself is tested on an empty file separately.
    /// </remarks>
    public static async Task<SqliteTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var template = await s_template.Value.WaitAsync(cancellationToken);
        var path = NewPath();
        File.Copy(template, path);
        if (File.Exists(template + "-wal"))
        {
            File.Copy(template + "-wal", path + "-wal");
        }

        return new SqliteTestDatabase(path, BuildServices(path));
    }

    private static readonly Lazy<Task<string>> s_template = new(CreateTemplateAsync);

    private static async Task<string> CreateTemplateAsync()
    {
        var path = NewPath();
        await using (var services = BuildServices(path))
        {
            var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            await using var db = await factory.CreateDbContextAsync();
            await db.Database.MigrateAsync();
        }

        // Closing the pool's last connection checkpoints the WAL into the main file, so one file is a full copy.
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            SqliteConnection.ClearPool(connection);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteFiles(path);
        return path;
    }

    private static ServiceProvider BuildServices(string path) =>
        new ServiceCollection().AddLogging().AddPortalData(path).BuildServiceProvider();

    /// <summary>Points the factory at a new path without creating anything (for migration tests).</summary>
    public static SqliteTestDatabase CreateUnmigrated()
    {
        var path = NewPath();
        return new SqliteTestDatabase(path, BuildServices(path));
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
