using System.Formats.Tar;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;
using Portal.Data.Entities;
using Portal.TestSupport;

namespace Portal.IntegrationTests.Image;

/// <summary>
/// A data volume as an older Portal left it: portal.db migrated only up to the first migration, holding an
/// admin and a team written in that schema, so starting this build over it has every later migration to apply.
/// </summary>
public sealed class LegacyDatabase : IAsyncDisposable
{
    /// <summary>The uid and gid of the image's <c>portal</c> user (docker/Dockerfile), owner of /data.</summary>
    private const int PortalUid = 10001;

    private LegacyDatabase(string path, string migration, IReadOnlyList<string> all)
    {
        Path = path;
        Migration = migration;
        AllMigrations = all;
    }

    public string Path { get; }

    /// <summary>The migration the file stops at.</summary>
    public string Migration { get; }

    /// <summary>Every migration this build knows, oldest first.</summary>
    public IReadOnlyList<string> AllMigrations { get; }

    /// <summary>Migrates a new file up to the first migration only and writes the admin and the team in that schema.</summary>
    public static async Task<LegacyDatabase> CreateAsync(string admin, string password, string team, CancellationToken ct)
    {
        var path = SqliteTestDatabase.NewPath();
        string migration;
        List<string> all;
        await using (var db = Open(path))
        {
            all = [.. db.Database.GetMigrations()];
            migration = all[0];
            await db.GetService<IMigrator>().MigrateAsync(migration, cancellationToken: ct);
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        // The Initial schema's columns, as Identity and the team pages of that build wrote them.
        command.CommandText = """
            INSERT INTO AspNetRoles (Id, Name, NormalizedName, ConcurrencyStamp) VALUES ('legacy-role', 'Admin', 'ADMIN', 'r');
            INSERT INTO AspNetUsers (Id, CreatedAt, Disabled, UserName, NormalizedUserName, EmailConfirmed, PasswordHash, SecurityStamp,
                                     ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                VALUES ('legacy-user', '2026-11-29 18:00:00', 0, $user, upper($user), 0, $hash, 'LEGACYSTAMP', 'c', 0, 0, 1, 0);
            INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ('legacy-user', 'legacy-role');
            INSERT INTO Teams (Name, Description, CreatedAt) VALUES ($team, 'written by an older Portal', '2026-11-29 18:00:00');
            INSERT INTO TeamMemberships (TeamId, UserId, Role) SELECT Id, 'legacy-user', 0 FROM Teams WHERE Name = $team;
            """;
        command.Parameters.AddWithValue("$user", admin);
        command.Parameters.AddWithValue("$hash", new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), password));
        command.Parameters.AddWithValue("$team", team);
        await command.ExecuteNonQueryAsync(ct);
        return new LegacyDatabase(path, migration, all);
    }

    /// <summary>The migration ids recorded in a portal.db (with its WAL beside it, if any).</summary>
    public static async Task<IReadOnlyList<string>> ReadHistoryAsync(string path, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// /data's contents as a tar for the engine's archive upload: the folder and portal.db owned by the
    /// container's user, as the image's own /data is, so Portal can write the file and its WAL beside it.
    /// </summary>
    public async Task<MemoryStream> ToArchiveAsync(CancellationToken ct)
    {
        const UnixFileMode Dir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        var archive = new MemoryStream();
        await using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "./") { Mode = Dir, Uid = PortalUid, Gid = PortalUid }, ct);
            await using var data = System.IO.File.OpenRead(Path);
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "portal.db") { Mode = File, Uid = PortalUid, Gid = PortalUid, DataStream = data }, ct);
        }

        archive.Position = 0;
        return archive;
    }

    public ValueTask DisposeAsync()
    {
        SqliteTestDatabase.DeleteFiles(Path);
        return ValueTask.CompletedTask;
    }

    private static PortalDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);
}
