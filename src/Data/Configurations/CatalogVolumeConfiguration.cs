using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class CatalogVolumeConfiguration : IEntityTypeConfiguration<CatalogVolume>
{
    public void Configure(EntityTypeBuilder<CatalogVolume> builder)
    {
        builder.HasKey(v => v.RowId);
        builder.Property(v => v.Name).HasMaxLength(256);
        builder.HasIndex(v => new { v.EndpointId, v.Name }).IsUnique();
        builder.Property(v => v.Team).HasMaxLength(64).UseCollation("NOCASE");
        builder.Property(v => v.Owner).HasMaxLength(256);
    }
}
