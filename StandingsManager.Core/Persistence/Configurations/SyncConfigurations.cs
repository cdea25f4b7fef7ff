using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Persistence.Configurations;

internal sealed class SyncedCharacterConfiguration : IEntityTypeConfiguration<SyncedCharacter>
{
    public void Configure(EntityTypeBuilder<SyncedCharacter> builder)
    {
        builder.HasKey(s => s.CharacterId);
        builder.HasOne<EveCharacter>().WithOne().HasForeignKey<SyncedCharacter>(s => s.CharacterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.Enabled, s.NextSyncAt });
        builder.Property(s => s.StatusMessage).HasMaxLength(1000);
        builder.Property(s => s.LastDesiredHash).HasMaxLength(100);
        builder.Property(s => s.ContactsETag).HasMaxLength(200);
        builder.Property(s => s.LabelsETag).HasMaxLength(200);
        builder.Property(s => s.LeaseOwner).HasMaxLength(100);
    }
}

internal sealed class SyncedCharacterListConfiguration : IEntityTypeConfiguration<SyncedCharacterList>
{
    public void Configure(EntityTypeBuilder<SyncedCharacterList> builder)
    {
        builder.HasKey(s => new { s.CharacterId, s.ListId });
        builder.HasOne<SyncedCharacter>().WithMany().HasForeignKey(s => s.CharacterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Lists.StandingsList>().WithMany().HasForeignKey(s => s.ListId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ListId);
        builder.Property(s => s.Message).HasMaxLength(1000);
    }
}

internal sealed class ManagedContactConfiguration : IEntityTypeConfiguration<ManagedContact>
{
    public void Configure(EntityTypeBuilder<ManagedContact> builder)
    {
        builder.HasKey(m => new { m.CharacterId, m.ContactId });
        builder.HasOne<EveCharacter>().WithMany().HasForeignKey(m => m.CharacterId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(m => m.LabelIds).HasMaxLength(1300);
        builder.Property(m => m.ListIds).HasMaxLength(1300);
        builder.Property(m => m.OverriddenPersonalLabelIds).HasMaxLength(1300);
    }
}

internal sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> builder)
    {
        builder.HasIndex(r => new { r.CharacterId, r.StartedAt });
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.Message).HasMaxLength(4000);
    }
}

internal sealed class SyncOutcomeDayConfiguration : IEntityTypeConfiguration<SyncOutcomeDay>
{
    public void Configure(EntityTypeBuilder<SyncOutcomeDay> builder) => builder.HasKey(d => new { d.Day, d.Outcome });
}

internal sealed class SyncInstanceConfiguration : IEntityTypeConfiguration<SyncInstance>
{
    public void Configure(EntityTypeBuilder<SyncInstance> builder)
    {
        builder.HasKey(i => i.Owner);
        builder.Property(i => i.Owner).HasMaxLength(100);
    }
}

internal sealed class WorkLeaseConfiguration : IEntityTypeConfiguration<Instances.WorkLease>
{
    public void Configure(EntityTypeBuilder<Instances.WorkLease> builder)
    {
        builder.HasKey(w => w.Name);
        builder.Property(w => w.Name).HasMaxLength(64);
        builder.Property(w => w.Owner).HasMaxLength(100);
    }
}
