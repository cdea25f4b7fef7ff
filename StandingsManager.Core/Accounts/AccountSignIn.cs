using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;

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
        }
        else
        {
            // A new owner hash means the character was sold: the old owner loses it, its tokens and its sync.
            var previousAccountId = character.AccountId;
            await db.Tokens.Where(t => t.CharacterId == character.Id).ExecuteDeleteAsync(ct);
            await db.SyncedCharacters.Where(s => s.CharacterId == character.Id).ExecuteDeleteAsync(ct);
            await db.ManagedContacts.Where(m => m.CharacterId == character.Id).ExecuteDeleteAsync(ct);
            var previous = await db.Accounts.Include(a => a.Characters).SingleAsync(a => a.Id == previousAccountId, ct);
            if (previous.MainCharacterId == character.Id)
                previous.MainCharacterId = previous.Characters.Where(c => c.Id != character.Id).Select(c => (long?)c.Id).FirstOrDefault();
            character.Account = account;
            character.OwnerHash = identity.OwnerHash;
            character.Name = identity.Name;
            character.AddedAt = now;
            db.Notify(previousAccountId, now, NotificationLevel.Warning, $"{identity.Name} moved to another EVE account",
                "Its tokens and contact sync were removed from your account.");
            db.Record(now, AuditAction.CharacterTransferred, null, character.Id, EntityType.Character, identity.Name,
                details: "Owner hash changed at sign-in; the character now belongs to a new account.");
        }
        await db.SaveChangesAsync(ct);
        return account.Id;
    }
}
