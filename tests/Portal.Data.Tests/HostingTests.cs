using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Stores;
using Portal.TestSupport;

namespace Portal.Data.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task AddPortalData_FakeClockRegisteredFirst_StoresUseIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var fake = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var path = SqliteTestDatabase.NewPath();
        try
        {
            await using var services = new ServiceCollection().AddSingleton<TimeProvider>(fake).AddLogging().AddPortalData(path).BuildServiceProvider();
            await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct))
            {
                await db.Database.MigrateAsync(ct);
            }

            var team = await services.GetRequiredService<TeamStore>().CreateAsync("clocked", null, ct);

            Assert.Same(fake, services.GetRequiredService<TimeProvider>());
            Assert.Equal(fake.GetUtcNow().UtcDateTime, team?.CreatedAt);
        }
        finally
        {
            SqliteTestDatabase.DeleteFiles(path);
        }
    }
}
