using StandingsManager.Core.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>
/// What people do with contact sync: members enrol, remove, sync now and preview their own characters; administrators
/// force, validate, disable and enable any. Every call re-checks the role and ownership in the database.
/// The engine (<see cref="ICharacterSync"/>, transient over a typed HttpClient) is resolved in a scope of its own per run,
/// so this singleton never holds one.
/// </summary>
public sealed partial class SyncCommands(
    IDbContextFactory<StandingsDbContext> dbFactory,
    ActorLoader actors,
    AccessStates states,
    SyncEvents events,
    SyncTrigger trigger,
    SyncLeases leases,
    SyncDueSoon dueSoon,
    IServiceScopeFactory scopes,
    EsiCheckLimits esiChecks,
    TimeProvider time,
    ILogger<SyncCommands> logger)
{
    /// <summary>How often a member may press "Sync now" for one character: a click must not spend its ESI budget.</summary>
    public static readonly TimeSpan ManualSyncInterval = TimeSpan.FromMinutes(1);

    // Shorter than other reasons: it is repeated inside the sync status message its owner sees.
    private const int MaxReasonLength = 500;

    /// <summary>Adds one of the member's characters to sync (or switches a disabled one back on) and queues its first sync.</summary>
    public async Task AddAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await LoadMemberAsync(db, actorAccountId, ct);
        var character = await OwnCharacterAsync(db, actor, characterId, ct);
        await RequireGrantAsync(db, actor, character, ct);

        var now = time.GetUtcNow();
        var synced = await db.SyncedCharacters.SingleOrDefaultAsync(s => s.CharacterId == characterId, ct);
        if (synced is { Enabled: true })
            throw WorkflowException.Conflict(CoreSyncText.Format("Sync.AlreadyIn", character.Name));
        var (held, reason) = await AdministratorHoldAsync(db, character, ct);
        if (held)
            throw WorkflowException.Forbidden(reason is null
                ? CoreSyncText.Format("Sync.HeldByAdministrator", character.Name)
                : CoreSyncText.Format("Sync.HeldByAdministrator.Reason", character.Name, reason));
        if (synced is null)
        {
            synced = new SyncedCharacter { CharacterId = characterId, CreatedAt = now };
            db.SyncedCharacters.Add(synced);
        }
        else
        {
            // Switched on again: staleness counts from now, not from a success long before it was switched off.
            synced.CreatedAt = now;
        }
        synced.AccountId = actor.AccountId;
        synced.Enabled = true;
        synced.SetStatus(SyncStatus.Pending, null);
        synced.NextSyncAt = now;
        db.Record(now, AuditAction.SyncEnabled, actor, characterId, EntityType.Character, character.Name, details: Audit.RecordText.Said("Record.Sync.Added"));
        await db.SaveStepAsync(CoreSyncText.Format("Sync.JustAdded", character.Name), ct);

        await PublishAsync(SyncEventKind.Changed, synced, now);
        await PublishAsync(SyncEventKind.Queued, synced, now);
        trigger.Wake();
    }

    /// <summary>
    /// Takes one of the member's characters out of sync. With <paramref name="deleteContacts"/> the engine first removes
    /// the contacts it manages from the character in game; if that fails the character stays in sync and the error is thrown.
    /// </summary>
    public async Task RemoveAsync(int actorAccountId, long characterId, bool deleteContacts, CancellationToken ct = default)
    {
        Actor actor;
        string name;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            actor = await LoadMemberAsync(db, actorAccountId, ct);
            name = (await OwnCharacterAsync(db, actor, characterId, ct)).Name;
            if (!await db.SyncedCharacters.AnyAsync(s => s.CharacterId == characterId, ct))
                throw WorkflowException.NotFound(CoreSyncText.Format("Sync.NotIn", name));
        }

        // Holding the lease keeps the scheduler off the character while its contacts go and its row is deleted.
        if (!await leases.TryClaimAsync(characterId, ct))
            throw WorkflowException.Conflict(CoreSyncText.Format("Sync.Busy", name));
        var removed = 0;
        try
        {
            if (deleteContacts)
            {
                var report = await RunEngineAsync(characterId, name, SyncMode.Unsync, ct);
                if (report.Outcome == SyncStatus.Error)
                    throw WorkflowException.Invalid(CoreSyncText.Format("Sync.UnsyncFailed", name, report.Message));
                removed = report.Removed;
            }

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Sync, ct);
            await db.ManagedContacts.Where(m => m.CharacterId == characterId).ExecuteDeleteAsync(ct);
            await db.SyncRuns.Where(r => r.CharacterId == characterId).ExecuteDeleteAsync(ct);
            await db.SyncedCharacters.Where(s => s.CharacterId == characterId).ExecuteDeleteAsync(ct);
            var now = time.GetUtcNow();
            db.Record(now, AuditAction.SyncRemoved, actor, characterId, EntityType.Character, name,
                details: deleteContacts ? Audit.RecordText.Said("Record.Sync.RemovedWithContacts", removed) : Audit.RecordText.Said("Record.Sync.RemovedKeepContacts"));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            await leases.ReleaseAsync(characterId, CancellationToken.None);
            throw;
        }
        await events.PublishAsync(new SyncEvent(SyncEventKind.Changed, characterId, actor.AccountId, SyncStatus.Disabled, CoreSyncText.Get("Sync.Removed"), At: time.GetUtcNow()));
    }

    /// <summary>Makes one of the member's characters due now, at most once per <see cref="ManualSyncInterval"/>.</summary>
    public async Task SyncNowAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await LoadMemberAsync(db, actorAccountId, ct);
        var character = await OwnCharacterAsync(db, actor, characterId, ct);
        var synced = await db.SyncedCharacters.AsNoTracking().SingleOrDefaultAsync(s => s.CharacterId == characterId, ct)
            ?? throw WorkflowException.NotFound(CoreSyncText.Format("Sync.NotIn.AddFirst", character.Name));
        if (!synced.Enabled)
            throw WorkflowException.Invalid(CoreSyncText.Format("Sync.IsOff", character.Name));

        var now = time.GetUtcNow();
        var notBefore = now - ManualSyncInterval;
        // One conditional update: two quick clicks (or two tabs) cannot both pass the once-a-minute check.
        var claimed = await db.SyncedCharacters
            .Where(s => s.CharacterId == characterId && s.Enabled && (s.LastManualSyncAt == null || s.LastManualSyncAt <= notBefore))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastManualSyncAt, now).SetProperty(s => s.NextSyncAt, now), ct);
        if (claimed == 0)
        {
            var last = await db.SyncedCharacters.Where(s => s.CharacterId == characterId).Select(s => s.LastManualSyncAt).SingleAsync(ct) ?? now;
            throw WorkflowException.Conflict(CoreSyncText.Format("Sync.TooSoon", last + ManualSyncInterval));
        }
        await PublishAsync(SyncEventKind.Queued, synced, now);
        trigger.Wake();
    }

    /// <summary>What a sync of one of the member's characters would change, by name, without writing anything.</summary>
    public async Task<SyncReport> PreviewAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        string name;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var actor = await LoadMemberAsync(db, actorAccountId, ct);
            var character = await OwnCharacterAsync(db, actor, characterId, ct);
            name = character.Name;
            if (!await db.SyncedCharacters.AnyAsync(s => s.CharacterId == characterId && s.Enabled, ct))
                throw WorkflowException.NotFound(CoreSyncText.Format("Sync.NotIn.AddFirst", name));
            await RequireGrantAsync(db, actor, character, ct);
        }
        esiChecks.Take(actorAccountId);
        return await RunEngineAsync(characterId, name, SyncMode.DryRun, ct);
    }

    /// <summary>Administrators: makes the given characters due now (no per-minute limit). Returns how many were queued.</summary>
    public async Task<int> ForceSyncAsync(int actorAccountId, IReadOnlyCollection<long> characterIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.ForceSyncs"));
        return await dueSoon.MakeDueNowAsync(characterIds, ct);
    }

    /// <summary>Administrators: makes every enabled synced character due now. Returns how many were queued.</summary>
    public async Task<int> ForceSyncAllAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.ForceSyncs"));
        return await dueSoon.MakeDueNowAsync(await db.SyncedCharacters.Where(s => s.Enabled).Select(s => s.CharacterId).ToListAsync(ct), ct);
    }

    /// <summary>Administrators: a dry run of any synced character. The engine checks eligibility first and switches off an ineligible character.</summary>
    public async Task<SyncReport> ValidateAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        SyncedCharacter synced;
        string name;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.ValidateSynced"));
            (synced, name) = await SyncedAsync(db, characterId, ct);
        }
        var report = await RunEngineAsync(characterId, name, SyncMode.DryRun, ct);
        await events.PublishAsync(new SyncEvent(SyncEventKind.Changed, characterId, synced.AccountId, report.Outcome, report.Message, At: time.GetUtcNow()));
        return report;
    }

    /// <summary>Administrators: switches a character's sync off; its owner is told why.</summary>
    public async Task DisableAsync(int actorAccountId, long characterId, string reason, CancellationToken ct = default)
    {
        var why = FreeText.Clean(reason, MaxReasonLength) ?? throw WorkflowException.Invalid(CoreSyncText.Get("Sync.Disable.NoReason"));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.SwitchOffSync"));
        var (synced, name) = await SyncedAsync(db, characterId, ct, tracked: true);
        if (!synced.Enabled)
            throw WorkflowException.Conflict(CoreSyncText.Format("Sync.AlreadyOff", name));

        var now = time.GetUtcNow();
        synced.Enabled = false;
        synced.SetStatus(SyncStatus.Disabled, new Localization.Phrase(() => CoreSyncText.Format("Sync.SwitchedOff", why)));
        synced.NextSyncAt = null;
        db.Notify(synced.AccountId, now, NotificationLevel.Warning, NotificationText.Format("Sync.SwitchedOff.Title", name), NotificationText.Format("Sync.SwitchedOff.Body", why));
        db.Record(now, AuditAction.SyncDisabled, actor, characterId, EntityType.Character, name, details: why);
        await db.SaveChangesAsync(ct);
        await PublishAsync(SyncEventKind.Changed, synced, now);
    }

    /// <summary>Administrators: switches a character's sync back on and queues a sync; its owner is told.</summary>
    public async Task EnableAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.SwitchOnSync"));
        var (synced, name) = await SyncedAsync(db, characterId, ct, tracked: true);
        if (synced.Enabled)
            throw WorkflowException.Conflict(CoreSyncText.Format("Sync.AlreadyOn", name));

        var now = time.GetUtcNow();
        synced.Enabled = true;
        synced.SetStatus(SyncStatus.Pending, null);
        synced.CreatedAt = now;
        synced.NextSyncAt = now;
        db.Notify(synced.AccountId, now, NotificationLevel.Info, NotificationText.Format("Sync.SwitchedOn.Title", name));
        db.Record(now, AuditAction.SyncEnabled, actor, characterId, EntityType.Character, name, details: Audit.RecordText.Said("Record.Sync.SwitchedOnByAdmin"));
        await db.SaveChangesAsync(ct);
        await PublishAsync(SyncEventKind.Changed, synced, now);
        await PublishAsync(SyncEventKind.Queued, synced, now);
        trigger.Wake();
    }

    private async Task<SyncReport> RunEngineAsync(long characterId, string name, SyncMode mode, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var engine = scope.ServiceProvider.GetRequiredService<ICharacterSync>();
        try
        {
            return await engine.RunAsync(characterId, mode, ct);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or WorkflowException))
        {
            logger.LogWarning(ex, "{Mode} of character {CharacterId} failed", mode, characterId);
            throw WorkflowException.Invalid(mode == SyncMode.Unsync
                ? CoreSyncText.Format("Sync.UnsyncFailed", name, ex.Message)
                : CoreSyncText.Format("Sync.DryRunFailed", name, ex.Message));
        }
    }

    private Task PublishAsync(SyncEventKind kind, SyncedCharacter synced, DateTimeOffset at) =>
        events.PublishAsync(new SyncEvent(kind, synced.CharacterId, synced.AccountId, synced.Status, synced.StatusMessage, At: at, MessageTexts: synced.StatusTexts));

    private async Task<Actor> LoadMemberAsync(StandingsDbContext db, int actorAccountId, CancellationToken ct)
    {
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Member, () => CoreText.Get("Role.Needed.UseContactSync"));
        return actor;
    }

    private static async Task<EveCharacter> OwnCharacterAsync(StandingsDbContext db, Actor actor, long characterId, CancellationToken ct) =>
        await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == characterId && c.AccountId == actor.AccountId, ct)
            ?? throw WorkflowException.Forbidden(CoreSyncText.Get("Sync.OwnCharactersOnly"));

    private static async Task<(SyncedCharacter Synced, string Name)> SyncedAsync(StandingsDbContext db, long characterId, CancellationToken ct, bool tracked = false)
    {
        var rows = tracked ? db.SyncedCharacters : db.SyncedCharacters.AsNoTracking();
        var synced = await rows.SingleOrDefaultAsync(s => s.CharacterId == characterId, ct)
            ?? throw WorkflowException.NotFound(CoreSyncText.Get("Sync.CharacterNotIn"));
        var name = await db.Characters.Where(c => c.Id == characterId).Select(c => c.Name).SingleOrDefaultAsync(ct) ?? $"Character {characterId}";
        return (synced, name);
    }

    /// <summary>The character's grant must be valid and hold every scope the user's state requires.</summary>
    private async Task RequireGrantAsync(StandingsDbContext db, Actor actor, EveCharacter character, CancellationToken ct)
    {
        var grant = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.CharacterId == character.Id, ct);
        var check = GrantCheck.Of(grant, states.RequiredScopes(actor.State));
        if (check.Problem == GrantProblem.NotGranted)
            throw WorkflowException.Invalid(CoreSyncText.Format("Sync.Grant.None", character.Name));
        if (check.Problem == GrantProblem.NoLongerValid)
            throw WorkflowException.Invalid(CoreSyncText.Format("Sync.Grant.Invalid", character.Name));
        if (!check.Ok)
            throw WorkflowException.Invalid(CoreSyncText.Format("Sync.Grant.Missing", character.Name, string.Join(", ", check.Missing)));
    }

    /// <summary>
    /// Whether the latest switch-off or switch-on of this character's sync was someone other than its owner (an
    /// administrator) switching it off, with the reason given. An owner cannot undo that by adding the character again.
    /// </summary>
    private static async Task<(bool Held, string? Reason)> AdministratorHoldAsync(StandingsDbContext db, EveCharacter character, CancellationToken ct)
    {
        var last = await db.Audit.AsNoTracking()
            .Where(a => a.SubjectId == character.Id && (a.Action == AuditAction.SyncDisabled || a.Action == AuditAction.SyncEnabled))
            .OrderByDescending(a => a.Id)
            .Select(a => new { a.Action, a.ActorAccountId, a.Details })
            .FirstOrDefaultAsync(ct);
        return last is { Action: AuditAction.SyncDisabled, ActorAccountId: { } by } && by != character.AccountId ? (true, last.Details) : (false, null);
    }
}
