using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Accounts;

/// <summary>Turns a validated SSO identity into an account: known character, new character, or a sold one.</summary>
public sealed class AccountSignIn(IDbContextFactory<StandingsDbContext> dbFactory, IOptions<StandingsOptions> options, TimeProvider time, ILogger<AccountSignIn> logger)
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
            var added = new EveCharacter { Id = identity.CharacterId, Name = identity.Name, OwnerHash = identity.OwnerHash, Account = account, AddedAt = now };
            db.Characters.Add(added);
            SettingsAdministrators.BindNew(db, added, options.Value.Administrators, now);
            await db.SaveChangesAsync(ct);
            return account.Id;
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Accounts, ct);
        await SettingsAdministrators.CharacterChangingHandsAsync(db, character, identity.OwnerHash, options.Value.Administrators, logger, now, ct);
        await HandOverSoldCharacterAsync(db, character, identity, account, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return account.Id;
    }

    /// <summary>A new owner hash means the character was sold: the old account lets go of it, the new one takes it.</summary>
    private static async Task HandOverSoldCharacterAsync(StandingsDbContext db, EveCharacter character, EveTokenIdentity identity,
        Account newAccount, DateTimeOffset now, CancellationToken ct)
    {
        await CharacterRelease.ReleaseSoldAsync(db, character, null, now, Audit.RecordText.Said("Record.Sold.SignIn"), ct);
        character.Account = newAccount;
        character.OwnerHash = identity.OwnerHash;
        character.Name = identity.Name;
        character.AddedAt = now;
    }
}
