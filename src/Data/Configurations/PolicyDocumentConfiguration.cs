using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class PolicyDocumentConfiguration : IEntityTypeConfiguration<PolicyDocument>
{
    public void Configure(EntityTypeBuilder<PolicyDocument> builder)
    {
        builder.ToTable("Policies");
        builder.HasIndex(p => p.EndpointId).IsUnique();
        builder.Property(p => p.Json).HasMaxLength(64 * 1024);
        builder.Property(p => p.UpdatedBy).HasMaxLength(200);
    }
}
