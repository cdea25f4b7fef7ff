using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;

namespace StandingsManager.Core.Accounts;

/// <summary>Turns a validated SSO identity into an account: known character, new character, or a sold one.</summary>
public sealed class AccountSignIn(IDbContextFactory<StandingsDbContext> dbFactory, TimeProvider time)
{
    public async Task<int> SignInAsync(EveTokenIdentity identity, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var character = await db.Characters.SingleOrDefaultAsync(c => c.Id == identity.CharacterId, ct);

        if (character is not null && character.OwnerHash == identity.OwnerHash)
        {
            character.Name = identity.Name;
            await db.SaveChangesAsync(ct);
            return character.AccountId;
        }

        var account = new Account { CreatedAt = now, MainCharacterId = identity.CharacterId };
        db.Accounts.Add(account);
        if (character is null)
        {
            db.Characters.Add(new EveCharacter { Id = identity.CharacterId, Name = identity.Name, OwnerHash = identity.OwnerHash, Account = account, AddedAt = now });
            await db.SaveChangesAsync(ct);
            return account.Id;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await HandOverSoldCharacterAsync(db, character, identity, account, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return account.Id;
    }

    /// <summary>
    /// A new owner hash means the character was sold: the old owner loses it with its tokens and sync,
    /// their pending requests for it end, and its standing goes to the approvers as a system revocation.
    /// </summary>
    private static async Task HandOverSoldCharacterAsync(StandingsDbContext db, EveCharacter character, EveTokenIdentity identity,
        Account newAccount, DateTimeOffset now, CancellationToken ct)
    {
        var previousAccountId = character.AccountId;
        await db.Tokens.Where(t => t.CharacterId == character.Id).ExecuteDeleteAsync(ct);
        await db.SyncedCharacters.Where(s => s.CharacterId == character.Id).ExecuteDeleteAsync(ct);
        await db.ManagedContacts.Where(m => m.CharacterId == character.Id).ExecuteDeleteAsync(ct);

        var previous = await db.Accounts.Include(a => a.Characters).SingleAsync(a => a.Id == previousAccountId, ct);
        if (previous.MainCharacterId == character.Id)
            previous.MainCharacterId = previous.Characters.Where(c => c.Id != character.Id).Select(c => (long?)c.Id).FirstOrDefault();
        character.Account = newAccount;
        character.OwnerHash = identity.OwnerHash;
        character.Name = identity.Name;
        character.AddedAt = now;

        const string why = "The character changed hands";
        foreach (var request in await db.Requests.Where(r => r.EntityId == character.Id && r.Status == RequestStatus.Pending).ToListAsync(ct))
        {
            request.Status = RequestStatus.Cancelled;
            request.DecidedAt = now;
            request.DecidedByName = "System";
            request.DecisionNote = why;
            db.Record(now, AuditAction.RequestCancelled, null, character.Id, EntityType.Character, identity.Name, details: why);
        }
        var pendingRevocation = await db.Revocations.SingleOrDefaultAsync(r => r.EntityId == character.Id && r.Status == RequestStatus.Pending, ct);
        var entry = await db.Standings.AsNoTracking().SingleOrDefaultAsync(e => e.EntityId == character.Id, ct);
        if (entry is not null && pendingRevocation is null)
        {
            db.Revocations.Add(new Revocation
            {
                EntityId = entry.EntityId,
                EntityType = entry.EntityType,
                EntityName = entry.EntityName,
                Source = RevocationSource.System,
                SystemReason = SystemRevocationReason.CharacterTransferred,
                RequestedByName = "System",
                CreatedAt = now,
                Status = RequestStatus.Pending,
            });
            db.Record(now, AuditAction.RevocationCreated, null, entry.EntityId, entry.EntityType, entry.EntityName, entry.Standing, why);
        }

        db.Notify(previousAccountId, now, NotificationLevel.Warning, $"{identity.Name} moved to another EVE account",
            "Its tokens, contact sync and pending requests were removed from your account.");
        db.Record(now, AuditAction.CharacterTransferred, null, character.Id, EntityType.Character, identity.Name,
            details: "Owner hash changed at sign-in; the character now belongs to a new account.");
    }
}
