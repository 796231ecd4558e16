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
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Description).HasMaxLength(500);
        builder.Property(e => e.Labels).HasMaxLength(500);
        builder.Property(e => e.TlsCaPem).HasMaxLength(16_384);
        builder.Property(e => e.TlsClientCertPem).HasMaxLength(16_384);
        builder.Property(e => e.TlsClientKeyCipher).HasMaxLength(32_768);
        builder.Property(e => e.SshPrivateKeyCipher).HasMaxLength(32_768);
        builder.Property(e => e.SshHostKeyFingerprint).HasMaxLength(100);
    }
}
