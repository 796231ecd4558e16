using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class EnvironmentGrantConfiguration : IEntityTypeConfiguration<EnvironmentGrant>
{
    public void Configure(EntityTypeBuilder<EnvironmentGrant> builder)
    {
        builder.HasKey(g => new { g.TeamId, g.EndpointId });
        builder.HasOne(g => g.Team).WithMany().HasForeignKey(g => g.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(g => g.Endpoint).WithMany(e => e.Grants).HasForeignKey(g => g.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(g => g.EndpointId);
    }
}
