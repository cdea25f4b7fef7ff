using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StandingsManager.Core.Accounts;

namespace StandingsManager.Core.Persistence.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.HasMany(a => a.Characters).WithOne(c => c.Account).HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Roles).WithOne().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.DeactivationReason).HasMaxLength(1000);
        builder.Property(a => a.Language).HasMaxLength(16);
    }
}

internal sealed class SignInSessionConfiguration : IEntityTypeConfiguration<SignInSession>
{
    public void Configure(EntityTypeBuilder<SignInSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ExpiresAt);
    }
}

internal sealed class AccountRoleConfiguration : IEntityTypeConfiguration<AccountRole>
{
    public void Configure(EntityTypeBuilder<AccountRole> builder)
    {
        builder.HasKey(r => new { r.AccountId, r.Role });
        builder.Property(r => r.GrantedByName).HasMaxLength(100);
    }
}

internal sealed class EveCharacterConfiguration : IEntityTypeConfiguration<EveCharacter>
{
    public void Configure(EntityTypeBuilder<EveCharacter> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.OwnerHash).HasMaxLength(100);
        builder.HasIndex(c => c.AccountId);
    }
}

internal sealed class EveTokenConfiguration : IEntityTypeConfiguration<EveToken>
{
    public void Configure(EntityTypeBuilder<EveToken> builder)
    {
        builder.HasIndex(t => t.CharacterId).IsUnique();
        builder.HasOne<EveCharacter>().WithMany().HasForeignKey(t => t.CharacterId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.Scopes).HasMaxLength(4000);
        builder.Property(t => t.InvalidReason).HasMaxLength(EveToken.InvalidReasonLength);
        builder.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class SettingsAdministratorBindingConfiguration : IEntityTypeConfiguration<SettingsAdministratorBinding>
{
    public void Configure(EntityTypeBuilder<SettingsAdministratorBinding> builder)
    {
        builder.HasKey(b => b.CharacterId);
        builder.Property(b => b.CharacterId).ValueGeneratedNever();
        builder.Property(b => b.OwnerHash).HasMaxLength(100);
    }
}
