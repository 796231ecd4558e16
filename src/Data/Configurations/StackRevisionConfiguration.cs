using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class StackRevisionConfiguration : IEntityTypeConfiguration<StackRevision>
{
    public void Configure(EntityTypeBuilder<StackRevision> builder)
    {
        builder.ToTable("StackRevisions");
        builder.HasIndex(r => new { r.StackId, r.Number }).IsUnique();
        builder.Property(r => r.Comment).HasMaxLength(500);
        builder.Property(r => r.CreatedBy).HasMaxLength(200);
    }
}
