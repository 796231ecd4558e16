using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class CatalogContainerConfiguration : IEntityTypeConfiguration<CatalogContainer>
{
    public void Configure(EntityTypeBuilder<CatalogContainer> builder)
    {
        builder.HasKey(c => c.RowId);
        builder.Property(c => c.ContainerId).HasMaxLength(64);
        builder.HasIndex(c => new { c.EndpointId, c.ContainerId }).IsUnique();
        // Lists filter by endpoint, liveness and team, then sort by name.
        builder.HasIndex(c => new { c.EndpointId, c.RemovedAt, c.Team, c.Name });
        // The images list counts each image's containers.
        builder.HasIndex(c => new { c.EndpointId, c.ImageId });
        builder.Property(c => c.Name).HasMaxLength(256);
        builder.Property(c => c.Team).HasMaxLength(64).UseCollation("NOCASE");
        builder.Property(c => c.AssignedTeam).HasMaxLength(64).UseCollation("NOCASE");
    }
}
