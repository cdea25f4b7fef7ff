using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StandingsManager.Core.Api;

namespace StandingsManager.Core.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameLength);
        builder.Property(k => k.Scopes).HasMaxLength(200);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.Prefix).HasMaxLength(ApiKeys.ShownPrefixLength);
        builder.Property(k => k.CreatedByName).HasMaxLength(100);
        builder.Property(k => k.RevokedByName).HasMaxLength(100);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
