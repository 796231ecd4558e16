using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.TestSupport;

namespace Portal.Data.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrate_EmptyFile_AppliesEveryMigration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = SqliteTestDatabase.CreateUnmigrated();
        await using var db = await database.Factory.CreateDbContextAsync(ct);

        await db.Database.MigrateAsync(ct);

        var applied = await db.Database.GetAppliedMigrationsAsync(ct);
        Assert.NotEmpty(applied);
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.True(File.Exists(database.Path));
    }

    [Fact]
    public async Task Model_ComparedToSnapshot_HasNoPendingChanges()
    {
        await using var database = SqliteTestDatabase.CreateUnmigrated();
        await using var db = await database.Factory.CreateDbContextAsync(TestContext.Current.CancellationToken);

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run dotnet ef migrations add.");
    }

    [Fact]
    public async Task Migrate_EmptyFile_CreatesPortalTables()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await SqliteTestDatabase.CreateAsync(ct);

        var tables = await ReadTablesAsync(database.Path, ct);

        Assert.Superset(new HashSet<string>(["Teams", "TeamMemberships", "Endpoints", "Containers", "Images", "Audit", "AccessTokens", "AspNetUsers"]), tables);
    }

    [Fact]
    public async Task MigrationHostedService_Start_MigratesAndSwitchesToWal()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = SqliteTestDatabase.NewPath();
        try
        {
            await using (var services = new ServiceCollection().AddLogging().AddPortalData(path).BuildServiceProvider())
            {
                foreach (var hosted in services.GetServices<IHostedService>())
                {
                    await hosted.StartAsync(ct);
                }

                var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
                await using var db = await factory.CreateDbContextAsync(ct);
                Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
                var connection = db.Database.GetDbConnection();
                await connection.OpenAsync(ct);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode;";
                Assert.Equal("wal", await command.ExecuteScalarAsync(ct) as string);
            }
        }
        finally
        {
            SqliteTestDatabase.DeleteFiles(path);
        }
    }

    [Fact]
    public async Task MigrationHostedService_DatabaseFromANewerPortal_Refuses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await SqliteTestDatabase.CreateAsync(ct);
        await FutureMigration.RecordAsync(database.Path, ct);

        await using var services = new ServiceCollection().AddLogging().AddPortalData(database.Path).BuildServiceProvider();
        var hosted = services.GetServices<IHostedService>().Single(h => h.GetType().Name == "MigrationHostedService");
        var ex = await Assert.ThrowsAsync<DatabaseNewerThanAppException>(() => hosted.StartAsync(ct));

        Assert.Equal([FutureMigration.Id], ex.UnknownMigrations);
        Assert.Contains("upgraded by a newer Portal", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<HashSet<string>> ReadTablesAsync(string path, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
