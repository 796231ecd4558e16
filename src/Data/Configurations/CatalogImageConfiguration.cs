using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class CatalogImageConfiguration : IEntityTypeConfiguration<CatalogImage>
{
    public void Configure(EntityTypeBuilder<CatalogImage> builder)
    {
        builder.HasKey(i => i.RowId);
        builder.Property(i => i.ImageId).HasMaxLength(80);
        builder.HasIndex(i => new { i.EndpointId, i.ImageId }).IsUnique();
        // The list filters by endpoint and visibility, newest first.
        builder.HasIndex(i => new { i.EndpointId, i.Team, i.CreatedAt });
        builder.Property(i => i.Team).HasMaxLength(64).UseCollation("NOCASE");
        builder.Property(i => i.PulledByTeam).HasMaxLength(64).UseCollation("NOCASE");
        builder.Property(i => i.Owner).HasMaxLength(256);
        builder.Property(i => i.PulledBy).HasMaxLength(256);
    }
}
