using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class CatalogNetworkConfiguration : IEntityTypeConfiguration<CatalogNetwork>
{
    public void Configure(EntityTypeBuilder<CatalogNetwork> builder)
    {
        builder.HasKey(n => n.RowId);
        builder.Property(n => n.NetworkId).HasMaxLength(80);
        builder.HasIndex(n => new { n.EndpointId, n.NetworkId }).IsUnique();
        builder.HasIndex(n => new { n.EndpointId, n.Name });
        builder.Property(n => n.Name).HasMaxLength(256);
        builder.Property(n => n.Team).HasMaxLength(64).UseCollation("NOCASE");
        builder.Property(n => n.Owner).HasMaxLength(256);
    }
}
