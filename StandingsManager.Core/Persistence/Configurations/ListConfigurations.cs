using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StandingsManager.Core.Lists;

namespace StandingsManager.Core.Persistence.Configurations;

internal sealed class StandingsListConfiguration : IEntityTypeConfiguration<StandingsList>
{
    public void Configure(EntityTypeBuilder<StandingsList> builder)
    {
        builder.ToTable("StandingsLists");
        builder.Property(l => l.Name).HasMaxLength(StandingsList.NameLength);
        builder.Property(l => l.LabelName).HasMaxLength(StandingsList.LabelLength);
        builder.Property(l => l.AudienceCorporationIds).HasMaxLength(2000);
        builder.Property(l => l.AudienceAllianceIds).HasMaxLength(2000);
        builder.Property(l => l.DeletedReason).HasMaxLength(1000);
        builder.Property(l => l.MirrorOwnerName).HasMaxLength(100);
        builder.Property(l => l.SourceETag).HasMaxLength(200);
        builder.Property(l => l.SourceProblem).HasMaxLength(StandingsList.SourceProblemLength);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Ignore(l => l.IsReadOnly);
        builder.Ignore(l => l.IsActive);
    }
}
