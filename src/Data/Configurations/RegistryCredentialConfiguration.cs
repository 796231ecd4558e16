using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class RegistryCredentialConfiguration : IEntityTypeConfiguration<RegistryCredential>
{
    public void Configure(EntityTypeBuilder<RegistryCredential> builder)
    {
        builder.ToTable("Registries");
        builder.Property(r => r.Name).HasMaxLength(100);
        // Names are per team: another team's "hub" does not exist for you, so it cannot hold your name.
        // SQLite treats NULLs as distinct in a unique index, so the registries for everyone (no team)
        // get their own index.
        builder.HasIndex(r => new { r.Team, r.Name }).IsUnique();
        builder.HasIndex(r => r.Name).IsUnique().HasFilter("\"Team\" IS NULL").HasDatabaseName("IX_Registries_Name_Global");
        builder.Property(r => r.Url).HasMaxLength(500);
        builder.Property(r => r.Host).HasMaxLength(300);
        builder.HasIndex(r => r.Host);
        builder.Property(r => r.UserName).HasMaxLength(200);
        builder.Property(r => r.SecretCipher).HasMaxLength(4000);
        builder.Property(r => r.Team).HasMaxLength(100);
        builder.Property(r => r.CreatedBy).HasMaxLength(200);
    }
}
