using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StandingsManager.Core.Webhooks;

namespace StandingsManager.Core.Persistence.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.HasIndex(w => w.ListId);
        builder.HasOne<Lists.StandingsList>().WithMany().HasForeignKey(w => w.ListId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(w => w.Url).HasMaxLength(WebhookAddresses.MaxUrlLength);
        builder.Property(w => w.EncryptedSecret).HasMaxLength(1000);
        builder.Property(w => w.CreatedByName).HasMaxLength(100);
        builder.Property(w => w.LastError).HasMaxLength(1000);
        builder.Property(w => w.Version).IsConcurrencyToken();
    }
}
