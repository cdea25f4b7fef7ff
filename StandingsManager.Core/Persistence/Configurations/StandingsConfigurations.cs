using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Persistence.Configurations;

internal sealed class InstallationConfiguration : IEntityTypeConfiguration<Installation>
{
    public void Configure(EntityTypeBuilder<Installation> builder) => builder.Property(i => i.Id).ValueGeneratedNever();
}

internal sealed class EveEntityConfiguration : IEntityTypeConfiguration<EveEntity>
{
    public void Configure(EntityTypeBuilder<EveEntity> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(100);
    }
}

internal sealed class StandingsEntryConfiguration : IEntityTypeConfiguration<StandingsEntry>
{
    public void Configure(EntityTypeBuilder<StandingsEntry> builder)
    {
        builder.HasIndex(e => new { e.ListId, e.EntityId }).IsUnique();
        builder.HasIndex(e => e.EntityId);
        builder.HasOne<Lists.StandingsList>().WithMany().HasForeignKey(e => e.ListId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.EntityType, e.EntityName });
        builder.Property(e => e.EntityName).HasMaxLength(100);
        builder.Property(e => e.AddedByName).HasMaxLength(100);
        builder.Property(e => e.Notes).HasMaxLength(1000);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class StandingRequestConfiguration : IEntityTypeConfiguration<StandingRequest>
{
    public void Configure(EntityTypeBuilder<StandingRequest> builder)
    {
        // History never blocks a new request: only one *pending* request per entity is unique.
        builder.HasIndex(r => new { r.ListId, r.EntityId }).IsUnique().HasFilter("\"Status\" = 0");
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => r.RequesterAccountId);
        builder.HasOne<Lists.StandingsList>().WithMany().HasForeignKey(r => r.ListId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.EntityName).HasMaxLength(100);
        builder.Property(r => r.RequesterName).HasMaxLength(100);
        builder.Property(r => r.DecidedByName).HasMaxLength(100);
        builder.Property(r => r.DecisionNote).HasMaxLength(1000);
        builder.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class RevocationConfiguration : IEntityTypeConfiguration<Revocation>
{
    public void Configure(EntityTypeBuilder<Revocation> builder)
    {
        builder.HasIndex(r => new { r.ListId, r.EntityId }).IsUnique().HasFilter("\"Status\" = 0");
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasOne<Lists.StandingsList>().WithMany().HasForeignKey(r => r.ListId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.EntityName).HasMaxLength(100);
        builder.Property(r => r.RequestedByName).HasMaxLength(100);
        builder.Property(r => r.DecidedByName).HasMaxLength(100);
        builder.Property(r => r.DecisionNote).HasMaxLength(1000);
        builder.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => a.SubjectId);
        builder.HasIndex(a => new { a.ListId, a.At });
        builder.Property(a => a.ActorName).HasMaxLength(100);
        builder.Property(a => a.SubjectName).HasMaxLength(100);
        builder.Property(a => a.Details).HasMaxLength(2000);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.HasIndex(n => new { n.AccountId, n.IsRead });
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(2000);
    }
}

internal sealed class OutboundAlertConfiguration : IEntityTypeConfiguration<OutboundAlert>
{
    public void Configure(EntityTypeBuilder<OutboundAlert> builder)
    {
        // The relay's query: unsent, not abandoned, due.
        builder.HasIndex(a => new { a.SentAt, a.AbandonedAt, a.NextAttemptAt });
        builder.Property(a => a.Title).HasMaxLength(200);
        builder.Property(a => a.Body).HasMaxLength(2000);
    }
}

internal sealed class EntryChangeConfiguration : IEntityTypeConfiguration<EntryChange>
{
    public void Configure(EntityTypeBuilder<EntryChange> builder)
    {
        // Readers ask "this list's changes after id N"; pruning asks "changes before a time".
        builder.HasIndex(c => new { c.ListId, c.Id });
        builder.HasIndex(c => c.At);
        builder.HasOne<Lists.StandingsList>().WithMany().HasForeignKey(c => c.ListId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.EntityName).HasMaxLength(100);
        builder.Property(c => c.Notes).HasMaxLength(1000);
    }
}
