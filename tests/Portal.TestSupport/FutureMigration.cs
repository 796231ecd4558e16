using Microsoft.Data.Sqlite;

namespace Portal.TestSupport;

/// <summary>A database as a newer Portal leaves it: one applied migration this build does not know (a downgrade).</summary>
public static class FutureMigration
{
    /// <summary>An id no build of Portal has.</summary>
    public const string Id = "29991231000000_FromANewerPortal";

    /// <summary>Records <see cref="Id"/> as applied in the migrated SQLite file at <paramref name="path"/>.</summary>
    public static async Task RecordAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ($id, '99.0.0')";
        command.Parameters.AddWithValue("$id", Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
