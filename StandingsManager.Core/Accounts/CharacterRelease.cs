using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;

namespace StandingsManager.Core.Accounts;

internal static class CharacterRelease
{
    /// <summary>A sold character: released from its old account, whose owner is told, with an audit row saying how it was noticed.</summary>
    public static async Task ReleaseSoldAsync(StandingsDbContext db, EveCharacter character, Actor? actor, DateTimeOffset now, Localization.Phrase noticed, CancellationToken ct)
    {
        var previousAccountId = character.AccountId;
        await ReleaseAsync(db, character, SystemRevocationReason.CharacterTransferred,
            new Localization.Phrase(() => Localization.CoreText.Get("Release.Sold")), actor, now, ct);
        db.Notify(previousAccountId, now, NotificationLevel.Warning, NotificationText.Format("Character.Transferred.Title", character.Name),
            NotificationText.Get("Character.Transferred.Body"));
        db.Record(now, AuditAction.CharacterTransferred, actor, character.Id, EntityType.Character, character.Name, details: noticed);
    }

    /// <summary>
    /// Ends an account's hold on a character (sold, or removed by its owner): tokens, sync and ledger go,
    /// pending requests for it end, and its standing goes to the approvers as a system revocation.
    /// The caller then moves or deletes the character and saves, all in one unit of work.
    /// </summary>
    public static async Task ReleaseAsync(StandingsDbContext db, EveCharacter character, SystemRevocationReason reason, Localization.Phrase why,
        Actor? actor, DateTimeOffset now, CancellationToken ct)
    {
        await db.Tokens.Where(t => t.CharacterId == character.Id).ExecuteDeleteAsync(ct);
        await db.SyncedCharacters.Where(s => s.CharacterId == character.Id).ExecuteDeleteAsync(ct);
        await db.ManagedContacts.Where(m => m.CharacterId == character.Id).ExecuteDeleteAsync(ct);

        var account = await db.Accounts.Include(a => a.Characters).SingleAsync(a => a.Id == character.AccountId, ct);
        if (account.MainCharacterId == character.Id)
            account.MainCharacterId = account.Characters.Where(c => c.Id != character.Id).Select(c => (long?)c.Id).FirstOrDefault();

        foreach (var request in await db.Requests.Where(r => r.EntityId == character.Id && r.Status == RequestStatus.Pending).ToListAsync(ct))
        {
            request.Decide(RequestStatus.Cancelled, actor, now, why);
            db.Record(now, AuditAction.RequestCancelled, actor, character.Id, EntityType.Character, character.Name, details: why, listId: request.ListId);
        }

        // One revocation per list written by requests; a source-written list's entry is its source's business.
        var entries = await db.Standings.AsNoTracking()
            .Where(e => e.EntityId == character.Id && db.Lists.Any(l => l.Id == e.ListId && l.Source == ListSource.Requests))
            .Where(e => !db.Revocations.Any(r => r.ListId == e.ListId && r.EntityId == e.EntityId && r.Status == RequestStatus.Pending))
            .ToListAsync(ct);
        foreach (var entry in entries)
        {
            // Granted approvers and administrators are alerted, and Discord; administrators only named in the settings see the queue.
            await SystemRevocations.FileAsync(db, entry, reason, why, null, [], now, ct);
        }
    }
}
