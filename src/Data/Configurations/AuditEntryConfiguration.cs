using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasIndex(a => a.Time);
        builder.HasIndex(a => new { a.Actor, a.Time });
        builder.HasIndex(a => new { a.Team, a.Time });
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Target).HasMaxLength(256);
        builder.Property(a => a.Outcome).HasMaxLength(32);
        builder.Property(a => a.Detail).HasMaxLength(2000);
        builder.Property(a => a.Team).HasMaxLength(64);
    }
}
