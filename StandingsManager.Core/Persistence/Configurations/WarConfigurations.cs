using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StandingsManager.Core.Lists;

namespace StandingsManager.Core.Persistence.Configurations;

internal sealed class KnownWarConfiguration : IEntityTypeConfiguration<KnownWar>
{
    public void Configure(EntityTypeBuilder<KnownWar> builder)
    {
        builder.ToTable("KnownWars");
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Allies).HasMaxLength(20_000);
        builder.Property(w => w.ETag).HasMaxLength(200);
        // The scan's two questions: which ids are still unread (newest first), and which watched wars are due.
        builder.HasIndex(w => w.ReadAt);
        builder.HasIndex(w => new { w.Watch, w.ExpiresAt });
        builder.HasIndex(w => w.InvolvesUs);
    }
}

internal sealed class WarScanStateConfiguration : IEntityTypeConfiguration<WarScanState>
{
    public void Configure(EntityTypeBuilder<WarScanState> builder)
    {
        builder.ToTable("WarScanState");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.PageETag).HasMaxLength(200);
    }
}
