using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.TestSupport;

namespace Portal.Data.Tests;

/// <summary>
/// <see cref="AccessVersion"/> moves on every kind of write to an access table (SaveChanges, ExecuteUpdate,
/// ExecuteDelete) and stays put for reads and for other tables; <see cref="AccessKept{TKey, TValue}"/> reads
/// again exactly when it moved, when the value is unusable, or after <see cref="AccessVersion.MaxAge"/>.
/// </summary>
public sealed class AccessVersionTests
{
    [Fact]
    public async Task Version_MovesOnAccessWritesOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = SqliteTestDatabase.NewPath();
        try
        {
            await using var services = new ServiceCollection().AddLogging().AddPortalData(path).BuildServiceProvider();
            await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct))
            {
                await db.Database.MigrateAsync(ct);
            }

            var version = services.GetRequiredService<AccessVersion>();
            var teams = services.GetRequiredService<TeamStore>();
            var audit = services.GetRequiredService<AuditStore>();
            async Task<bool> MovedAsync(Func<Task> write)
            {
                var before = version.Current;
                await write();
                return version.Current != before;
            }

            var teamCreated = await MovedAsync(() => teams.CreateAsync("t1", null, ct));
            var listed = await MovedAsync(() => teams.ListAsync(ct));
            var audited = await MovedAsync(() => audit.AppendAsync(new AuditEntry { Actor = "a", Action = "x.y", Outcome = "succeeded", Time = DateTime.UtcNow }, ct));
            var deleted = await MovedAsync(() => teams.DeleteAsync("t1", ct));
            var tokens = services.GetRequiredService<TokenStore>();
            string userId;
            await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct))
            {
                var user = new PortalUser { UserName = "u1", NormalizedUserName = "U1", SecurityStamp = "s" };
                db.Users.Add(user);
                await db.SaveChangesAsync(ct);
                userId = user.Id;
            }

            var (tokenId, _) = await tokens.CreateAsync(userId, "t", readOnly: false, expiresAt: null, ct);
            var revoked = await MovedAsync(() => tokens.RevokeAsync(userId, tokenId, ct));

            Assert.True(teamCreated);
            Assert.False(listed);
            Assert.False(audited);
            Assert.True(deleted);
            Assert.True(revoked);
        }
        finally
        {
            SqliteTestDatabase.DeleteFiles(path);
        }
    }

    [Fact]
    public async Task Kept_ReadAgainOnlyWhenMovedUnusableOrOld()
    {
        var version = new AccessVersion();
        var time = new FakeTimeProvider();
        var kept = new AccessKept<string, int>(version, time);
        var loads = 0;
        Task<int> Load() => Task.FromResult(++loads);

        var first = await kept.GetAsync("k", Load, _ => true);
        var again = await kept.GetAsync("k", Load, _ => true);
        version.Bump();
        var afterBump = await kept.GetAsync("k", Load, _ => true);
        time.Advance(AccessVersion.MaxAge);
        var afterAge = await kept.GetAsync("k", Load, _ => true);
        var refused = await kept.GetAsync("refused", Load, v => v > 100);
        var refusedAgain = await kept.GetAsync("refused", Load, v => v > 100);

        Assert.Equal([1, 1, 2, 3, 4, 5], new[] { first, again, afterBump, afterAge, refused, refusedAgain });
    }
}
