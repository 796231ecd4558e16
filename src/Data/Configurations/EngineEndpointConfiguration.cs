using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class EngineEndpointConfiguration : IEntityTypeConfiguration<EngineEndpoint>
{
    public void Configure(EntityTypeBuilder<EngineEndpoint> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(64);
        builder.HasIndex(e => e.Name).IsUnique();
        builder.Property(e => e.Uri).HasMaxLength(500);
    }
}
