using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.Sqlite;
using Portal.Data.Stores;

namespace Portal.Data;

/// <summary>Registers Portal's store.</summary>
public static class PortalDataHostingExtensions
{
    /// <summary>
    /// Adds the pooled context factory over the SQLite file at <paramref name="databasePath"/>,
    /// the stores, and the hosted service that migrates the database at start.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, string databasePath) =>
        services.AddPortalData(_ => databasePath);

    /// <summary>As <see cref="AddPortalData(IServiceCollection, string)"/>, with the path resolved when the store is first used.</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        services.AddSingleton<SqlitePragmaInterceptor>();
        services.AddSingleton<AccessVersion>();
        services.AddSingleton<AccessChangeInterceptor>();
        services.AddPooledDbContextFactory<PortalDbContext>((sp, options) => options
            .UseSqlite($"Data Source={databasePath(sp)}")
            .AddInterceptors(sp.GetRequiredService<SqlitePragmaInterceptor>(), sp.GetRequiredService<AccessChangeInterceptor>()));
        // Identity's stores want a scoped context; give them one from the same pool.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        services.AddHostedService<MigrationHostedService>();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<CatalogImageStore>();
        services.AddSingleton<CatalogNetworkStore>();
        services.AddSingleton<CatalogVolumeStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<TeamStore>();
        services.AddSingleton<EnvironmentGrantStore>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<AccountStatusStore>();
        services.AddSingleton<EndpointStore>();
        services.AddSingleton<RegistryStore>();
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<QuotaStore>();
        services.AddSingleton<StackStore>();
        // TryAdd: a test host registers a FakeTimeProvider first and the stores must get it.
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
