using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Accounts;

/// <summary>
/// Administrators deactivate an account (a defector, a compromised login) and reactivate it. Deactivation ends its
/// sessions, stops its contact syncs and files system revocations for the standings it requested, all audited; reactivation
/// undoes what can be undone: the account and its stopped syncs come back, the revocations stay for the approvers.
/// </summary>
public sealed class AccountDeactivation(
    IDbContextFactory<StandingsDbContext> dbFactory,
    ActorLoader actors,
    RoleChanges roleChanges,
    IOptions<StandingsOptions> options,
    TimeProvider time)
{
    public async Task DeactivateAsync(int actorAccountId, int accountId, string? reason, CancellationToken ct = default)
    {
        var why = FreeText.Clean(reason) ?? throw WorkflowException.Invalid(CoreText.Get("Accounts.ReasonForAudit"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.DeactivateAccounts"));
        if (accountId == actor.AccountId)
            throw WorkflowException.Invalid(CoreText.Get("Accounts.NotYourOwn"));
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Accounts, ct);
        var account = await db.Accounts.Include(a => a.Roles).Include(a => a.Characters).AsSplitQuery().SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("Accounts.Gone"));
        var name = NameOf(account);
        if (!account.IsActive)
            throw WorkflowException.Conflict(CoreText.Format("Accounts.AlreadyDeactivated", name));
        var configured = options.Value.Administrators;
        if ((await SettingsAdministrators.HonouredAsync(db, account.Characters, configured, ct)).Length > 0)
            throw WorkflowException.Invalid(CoreText.Format("Accounts.AdministratorBySettings", name));
        if (account.Roles.Any(r => r.Role == Role.Administrator) && !await SettingsAdministrators.AnotherAdministratorAsync(db, accountId, configured, ct))
            throw WorkflowException.Invalid(CoreText.Format("Accounts.LastAdministrator", name));

        var now = time.GetUtcNow();
        account.IsActive = false;
        account.DeactivatedAt = now;
        account.DeactivationReason = why;
        db.Record(now, AuditAction.AccountDeactivated, actor, account.MainCharacterId, account.MainCharacterId is null ? null : EntityType.Character, name, details: why);
        await db.Sessions.Where(s => s.AccountId == accountId).ExecuteDeleteAsync(ct);
        var names = account.Characters.ToDictionary(c => c.Id, c => c.Name);
        foreach (var synced in await db.SyncedCharacters.Where(s => s.AccountId == accountId && s.Enabled).ToListAsync(ct))
            SyncStops.Stop(db, synced, names.GetValueOrDefault(synced.CharacterId) ?? $"#{synced.CharacterId}", SyncStops.AccountDeactivated, now);
        await FileRevocationsAsync(db, accountId, $"{name}'s account was deactivated: {why}", now, ct);
        await db.SaveStepAsync(CoreText.Format("Accounts.ChangedMeanwhile", name), ct);
        await transaction.CommitAsync(ct);
        await roleChanges.ChangedAsync(accountId);
    }

    public async Task ReactivateAsync(int actorAccountId, int accountId, string? reason, CancellationToken ct = default)
    {
        var why = FreeText.Clean(reason) ?? throw WorkflowException.Invalid(CoreText.Get("Accounts.ReasonForMember"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.ReactivateAccounts"));
        var account = await db.Accounts.Include(a => a.Characters).SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("Accounts.Gone"));
        var name = NameOf(account);
        if (account.IsActive)
            throw WorkflowException.Conflict(CoreText.Format("Accounts.Active", name));

        var now = time.GetUtcNow();
        account.IsActive = true;
        account.DeactivatedAt = null;
        account.DeactivationReason = null;
        // Only the syncs deactivation stopped: one its owner or the validator stopped for another reason stays off.
        var stoppedByDeactivation = SyncStops.AccountDeactivated.In(NotificationText.Stored);
        foreach (var synced in await db.SyncedCharacters.Where(s => s.AccountId == accountId && !s.Enabled && s.StatusMessage == stoppedByDeactivation).ToListAsync(ct))
        {
            synced.Enabled = true;
            synced.SetStatus(SyncStatus.Pending, null);
            synced.NextSyncAt = now;
        }
        db.Record(now, AuditAction.AccountReactivated, actor, account.MainCharacterId, account.MainCharacterId is null ? null : EntityType.Character, name, details: why);
        db.Notify(accountId, now, NotificationLevel.Info, NotificationText.Get("Account.Reactivated.Title"),
            NotificationText.Format("Account.Reactivated.Body", actor.Name, why));
        await db.SaveStepAsync(CoreText.Format("Accounts.ChangedMeanwhile", name), ct);
        await roleChanges.ChangedAsync(accountId);
    }

    /// <summary>A system revocation for each standing the account requested, on each list, that has none pending yet there.</summary>
    private async Task FileRevocationsAsync(StandingsDbContext db, int accountId, string why, DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        var applyAfter = settings.AutoRevocation.Mode == AutoRevocationMode.Automatic ? now + TimeSpan.FromHours(settings.AutoRevocation.GraceHours) : (DateTimeOffset?)null;
        var entries = await db.Standings.AsNoTracking()
            .Where(e => db.Requests.Any(r => r.Id == e.RequestId && r.RequesterAccountId == accountId))
            .Where(e => !db.Revocations.Any(r => r.ListId == e.ListId && r.EntityId == e.EntityId && r.Status == Requests.RequestStatus.Pending))
            .ToListAsync(ct);
        foreach (var entry in entries)
            await SystemRevocations.FileAsync(db, entry, SystemRevocationReason.AccountDeactivated, Localization.Phrase.AsWritten(why), applyAfter, settings.Administrators, now, ct);
    }

    private static string NameOf(Account account) =>
        account.Characters.FirstOrDefault(c => c.Id == account.MainCharacterId)?.Name ?? $"Account {account.Id}";
}
