using Microsoft.Extensions.Time.Testing;
using Portal.TestSupport;

namespace Portal.Data.Tests;

/// <summary>A fresh, migrated SQLite file per test, and a fake clock.</summary>
public abstract class DatabaseTestBase : IAsyncLifetime
{
    private SqliteTestDatabase? _database;

    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);

    protected SqliteTestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync(Token);

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
