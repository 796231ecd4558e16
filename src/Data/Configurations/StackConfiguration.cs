using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class StackConfiguration : IEntityTypeConfiguration<Stack>
{
    public void Configure(EntityTypeBuilder<Stack> builder)
    {
        builder.ToTable("Stacks");
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.HasIndex(s => new { s.EndpointId, s.Name }).IsUnique();
        builder.Property(s => s.Team).HasMaxLength(100);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.HasMany(s => s.Revisions).WithOne().HasForeignKey(r => r.StackId).OnDelete(DeleteBehavior.Cascade);
    }
}
