using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Persistence;

/// <summary>
/// The app's database. Add a migration with
/// <c>dotnet ef migrations add Name -p StandingsManager.Core -s StandingsManager.Core -o Persistence/Migrations</c>.
/// </summary>
public sealed class StandingsDbContext(DbContextOptions<StandingsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Installation> Installation => Set<Installation>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountRole> AccountRoles => Set<AccountRole>();
    public DbSet<SignInSession> Sessions => Set<SignInSession>();
    public DbSet<EveCharacter> Characters => Set<EveCharacter>();
    public DbSet<SettingsAdministratorBinding> SettingsAdministratorBindings => Set<SettingsAdministratorBinding>();
    public DbSet<EveToken> Tokens => Set<EveToken>();
    public DbSet<EveEntity> EveEntities => Set<EveEntity>();
    public DbSet<Lists.StandingsList> Lists => Set<Lists.StandingsList>();
    public DbSet<StandingsEntry> Standings => Set<StandingsEntry>();
    public DbSet<StandingRequest> Requests => Set<StandingRequest>();
    public DbSet<Revocation> Revocations => Set<Revocation>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboundAlert> OutboundAlerts => Set<OutboundAlert>();
    public DbSet<SyncedCharacter> SyncedCharacters => Set<SyncedCharacter>();
    public DbSet<ManagedContact> ManagedContacts => Set<ManagedContact>();
    public DbSet<SyncedCharacterList> SyncedCharacterLists => Set<SyncedCharacterList>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<SyncOutcomeDay> SyncOutcomeDays => Set<SyncOutcomeDay>();
    public DbSet<SyncInstance> SyncInstances => Set<SyncInstance>();
    public DbSet<Instances.WorkLease> WorkLeases => Set<Instances.WorkLease>();
    public DbSet<Api.ApiKey> ApiKeys => Set<Api.ApiKey>();
    /// <summary>The Data Protection key ring when several instances share the database (PostgreSQL).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StandingsDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset text; store it as a sortable number there.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAndStamp();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAndStamp();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void GuardAndStamp()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new AuditLogTamperingException();
            }
            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
            {
                versioned.Version++;
            }
        }
    }
}

/// <summary>Thrown when code tries to change or delete an audit row: the log is append-only.</summary>
public sealed class AuditLogTamperingException()
    : InvalidOperationException("The audit log is append-only: audit rows cannot be changed or deleted.");
