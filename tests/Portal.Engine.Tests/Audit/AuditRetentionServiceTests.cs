using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Audit;
using Portal.TestSupport;

namespace Portal.Engine.Tests.Audit;

/// <summary>The hourly retention job on a real SQLite file, driven by a fake clock.</summary>
public sealed class AuditRetentionServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(s_now);
    private SqliteTestDatabase _database = default!;

    private AuditStore Store => new(_database.Factory);

    public async ValueTask InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Retention_Zero_KeepsEverything()
    {
        var ct = TestContext.Current.CancellationToken;
        await AddAsync("ancient", s_now.AddYears(-5), ct);

        Assert.Equal(0, await new AuditRetentionService(Store, _time, NullLogger<AuditRetentionService>.Instance).ApplyAsync(ct));

        Assert.Equal(1, (await Store.QueryAsync(new AuditQuery { Target = "ancient" }, ct)).Total);
    }

    [Fact]
    public async Task Service_DeletesOlderEntriesAtStartAndEachHour_AndRecordsThePurge()
    {
        var ct = TestContext.Current.CancellationToken;
        await Store.SetRetentionDaysAsync(30, ct);
        await AddAsync("forty-days", s_now.AddDays(-40), ct);
        await AddAsync("twenty-nine-days-23h", s_now.AddDays(-29).AddHours(-23), ct);
        await AddAsync("today", s_now, ct);
        using var service = new AuditRetentionService(Store, _time, NullLogger<AuditRetentionService>.Instance);

        await service.StartAsync(ct);
        await Poll.UntilAsync(_ => Task.FromResult(service.Passes >= 1), "the first retention pass", ct);

        Assert.Equal(["today", "twenty-nine-days-23h"], await TargetsAsync(ct));
        var purge = (await Store.QueryAsync(new AuditQuery { Action = "audit.purge" }, ct)).Items.Single();
        Assert.Equal("deleted 1 entries older than 30 days", purge.Detail);

        _time.Advance(AuditRetentionService.Interval);
        await Poll.UntilAsync(_ => Task.FromResult(service.Passes >= 2), "the hourly retention pass", ct);

        Assert.Equal(["today"], await TargetsAsync(ct));
        await service.StopAsync(ct);
    }

    private async Task<List<string>> TargetsAsync(CancellationToken ct) =>
        (await Store.QueryAsync(new AuditQuery { Action = "test." }, ct)).Items.Select(a => a.Target).Order(StringComparer.Ordinal).ToList();

    private Task AddAsync(string target, DateTimeOffset time, CancellationToken ct) => Store.AppendAsync(new AuditEntry
    {
        Time = time.UtcDateTime,
        Actor = "tester",
        Action = "test.entry",
        Target = target,
        Outcome = "succeeded",
    }, ct);
}
