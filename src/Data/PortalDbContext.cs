using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Sqlite;

namespace Portal.Data;

/// <summary>Portal's store: Identity, teams, endpoints, the catalog, tokens and the audit log.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<PortalUser>(options)
{
    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();

    public DbSet<EngineEndpoint> Endpoints => Set<EngineEndpoint>();

    public DbSet<EnvironmentGrant> EnvironmentGrants => Set<EnvironmentGrant>();

    public DbSet<CatalogContainer> Containers => Set<CatalogContainer>();

    public DbSet<CatalogImage> Images => Set<CatalogImage>();

    public DbSet<CatalogNetwork> Networks => Set<CatalogNetwork>();

    public DbSet<CatalogVolume> Volumes => Set<CatalogVolume>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<RegistryCredential> Registries => Set<RegistryCredential>();

    public DbSet<PolicyDocument> Policies => Set<PolicyDocument>();

    public DbSet<TeamQuota> TeamQuotas => Set<TeamQuota>();

    public DbSet<AuditSettings> AuditSettings => Set<AuditSettings>();

    public DbSet<Stack> Stacks => Set<Stack>();

    public DbSet<StackRevision> StackRevisions => Set<StackRevision>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite stores DateTime without a kind; everything Portal writes is UTC, so say so on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcNullableDateTimeConverter>();
    }
}
