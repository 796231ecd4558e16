using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class TeamQuotaConfiguration : IEntityTypeConfiguration<TeamQuota>
{
    public void Configure(EntityTypeBuilder<TeamQuota> builder)
    {
        builder.ToTable("TeamQuotas");
        builder.HasKey(q => q.TeamId);
        builder.HasOne(q => q.Team).WithOne().HasForeignKey<TeamQuota>(q => q.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
