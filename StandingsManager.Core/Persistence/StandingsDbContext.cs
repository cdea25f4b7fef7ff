using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
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
    /// <summary>One row per entry added, changed or removed: written by <see cref="SaveChangesAsync(bool, CancellationToken)"/> itself.</summary>
    public DbSet<EntryChange> EntryChanges => Set<EntryChange>();
    public DbSet<Webhooks.Webhook> Webhooks => Set<Webhooks.Webhook>();
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

    private readonly List<EntryChange> _logged = [];

    /// <summary>False for a context that copies rows as they are (copy-database brings the change log along).</summary>
    public bool RecordsEntryChanges { get; set; } = true;
    private TimeProvider? _clock;

    /// <summary>
    /// The time change-log rows are stamped with: a <see cref="StandingsClock"/> among the interceptors, else the app's
    /// <see cref="TimeProvider"/> (the registered factory passes its service provider along), else the system clock.
    /// </summary>
    public TimeProvider Clock => _clock ??= ResolveClock();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!GuardAndStamp() || !Database.IsNpgsql())
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        // PostgreSQL hands out ids before commit: change-log writers go one at a time so ids commit in order and a
        // reader that is past id N never misses a row below N committed later. ChangeLogLock takes the lock inside
        // this transaction, after every other interceptor, just before the rows are written.
        _locksChangeLog = true;
        try
        {
            if (Database.CurrentTransaction is not null)
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return saved;
        }
        finally
        {
            _locksChangeLog = false;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (!GuardAndStamp() || !Database.IsNpgsql())
            return base.SaveChanges(acceptAllChangesOnSuccess);
        _locksChangeLog = true;
        try
        {
            if (Database.CurrentTransaction is not null)
                return base.SaveChanges(acceptAllChangesOnSuccess);
            using var transaction = Database.BeginTransaction();
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            transaction.Commit();
            return saved;
        }
        finally
        {
            _locksChangeLog = false;
        }
    }

    private bool _locksChangeLog;

    /// <summary>True while a save that writes change-log rows on PostgreSQL runs: <see cref="ChangeLogLock"/> then locks.</summary>
    internal bool LocksChangeLog => _locksChangeLog;

    // Registered last, so a save's own interceptors (and whatever they run) come before the lock is held.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(ChangeLogLock.Instance);

    internal Task<int> LockChangeLogAsync(CancellationToken ct) =>
        Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.WriteAreas}, {(int)WriteArea.EntryChanges})", ct);

    internal void LockChangeLog() =>
        Database.ExecuteSql($"SELECT pg_advisory_xact_lock({AdvisoryLocks.WriteAreas}, {(int)WriteArea.EntryChanges})");

    /// <summary>Guards the audit log, bumps versions and writes the change-log rows; true when any change-log row is to be saved.</summary>
    private bool GuardAndStamp()
    {
        // Rows made by a save that failed are made afresh from what is tracked now.
        foreach (var stale in _logged)
        {
            if (Entry(stale).State == EntityState.Added)
                Entry(stale).State = EntityState.Detached;
        }
        _logged.Clear();
        DateTimeOffset? now = null;
        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new AuditLogTamperingException();
            }
            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
            {
                versioned.Version++;
            }
            if (RecordsEntryChanges && entry.Entity is StandingsEntry standing && Describe(entry, standing, now ??= Clock.GetUtcNow()) is { } change)
            {
                _logged.Add(change);
                EntryChanges.Add(change);
            }
        }
        return _logged.Count > 0 || ChangeTracker.Entries<EntryChange>().Any(e => e.State == EntityState.Added);
    }

    /// <summary>The change-log row for one tracked entry, or null when nothing a reader of the list sees has changed.</summary>
    private static EntryChange? Describe(EntityEntry entry, StandingsEntry current, DateTimeOffset at)
    {
        T Was<T>(string property) => entry.OriginalValues.GetValue<T>(property);
        switch (entry.State)
        {
            case EntityState.Added:
                return Row(current, EntryChangeKind.Added, null, current.Standing, at);
            case EntityState.Deleted:
                var removed = Row(current, EntryChangeKind.Removed, Was<double>(nameof(StandingsEntry.Standing)), null, at);
                removed.EntityName = Was<string>(nameof(StandingsEntry.EntityName));
                return removed;
            case EntityState.Modified:
                var before = Was<double>(nameof(StandingsEntry.Standing));
                var seen = before != current.Standing
                    || Was<string?>(nameof(StandingsEntry.Notes)) != current.Notes
                    || Was<DateTimeOffset?>(nameof(StandingsEntry.ExpiresAt)) != current.ExpiresAt
                    || Was<string>(nameof(StandingsEntry.EntityName)) != current.EntityName
                    || Was<EntityType>(nameof(StandingsEntry.EntityType)) != current.EntityType;
                return seen ? Row(current, EntryChangeKind.Changed, before, current.Standing, at) : null;
            default:
                return null;
        }
    }

    private static EntryChange Row(StandingsEntry e, EntryChangeKind kind, double? before, double? after, DateTimeOffset at) => new()
    {
        ListId = e.ListId,
        EntityId = e.EntityId,
        EntityType = e.EntityType,
        EntityName = e.EntityName,
        Kind = kind,
        StandingBefore = before,
        StandingAfter = after,
        Notes = kind == EntryChangeKind.Removed ? null : e.Notes,
        ExpiresAt = kind == EntryChangeKind.Removed ? null : e.ExpiresAt,
        At = at,
    };

    private TimeProvider ResolveClock()
    {
        var core = options.FindExtension<CoreOptionsExtension>();
        return core?.Interceptors?.OfType<StandingsClock>().FirstOrDefault()?.Time
            ?? core?.ApplicationServiceProvider?.GetService<TimeProvider>()
            ?? TimeProvider.System;
    }
}

/// <summary>Thrown when code tries to change or delete an audit row: the log is append-only.</summary>
public sealed class AuditLogTamperingException()
    : InvalidOperationException("The audit log is append-only: audit rows cannot be changed or deleted.");
