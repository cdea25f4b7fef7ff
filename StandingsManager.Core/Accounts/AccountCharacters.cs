using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Revocations;

namespace StandingsManager.Core.Accounts;

public sealed record LinkedCharacterRow(long CharacterId, string Name, bool IsMain, string? CorporationName, string? AllianceName,
    TokenStatus? TokenStatus, IReadOnlyList<string> Scopes, IReadOnlyList<string> MissingScopes, string? InvalidReason);

/// <summary>The Characters page: the user's state, the scopes it requires, and each character against them.</summary>
public sealed record CharactersOverview(AccessState State, IReadOnlyList<string> RequiredScopes, IReadOnlyList<LinkedCharacterRow> Characters);

/// <summary>A user's characters: add through SSO, pick the main, remove. Users act only on their own characters.</summary>
public sealed class AccountCharacters(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, AccessStates states, EveTokenStore tokens, TimeProvider time,
    IOptions<StandingsOptions> options, ILogger<AccountCharacters> logger)
{
    /// <summary>Links the character an "Add character" SSO round-trip returned, storing its refresh token encrypted.</summary>
    public async Task LinkAsync(int actorAccountId, EveTokenIdentity identity, string? refreshToken, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Accounts, ct);

        var character = await db.Characters.SingleOrDefaultAsync(c => c.Id == identity.CharacterId, ct);
        if (character is not null && character.AccountId != actor.AccountId)
        {
            if (character.OwnerHash == identity.OwnerHash)
                throw WorkflowException.Conflict(CoreText.Format("Characters.LinkedElsewhere", identity.Name));
            await SettingsAdministrators.CharacterChangingHandsAsync(db, character, identity.OwnerHash, options.Value.Administrators, logger, now, ct);
            await CharacterRelease.ReleaseSoldAsync(db, character, actor, now, Audit.RecordText.Said("Record.Sold.Added"), ct);
            character.AccountId = actor.AccountId;
            character.AddedAt = now;
        }
        else if (character is null)
        {
            character = new EveCharacter { Id = identity.CharacterId, Name = identity.Name, OwnerHash = identity.OwnerHash, AccountId = actor.AccountId, AddedAt = now };
            db.Characters.Add(character);
            SettingsAdministrators.BindNew(db, character, options.Value.Administrators, now);
        }
        character.Name = identity.Name;
        character.OwnerHash = identity.OwnerHash;

        var token = await db.Tokens.SingleOrDefaultAsync(t => t.CharacterId == identity.CharacterId, ct);
        if (refreshToken is { Length: > 0 })
        {
            if (token is null)
            {
                token = new EveToken { CharacterId = identity.CharacterId, EncryptedRefreshToken = "" };
                db.Tokens.Add(token);
            }
            token.Renew(tokens.Protect(refreshToken), identity.Scopes, now);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        tokens.Forget(identity.CharacterId);
    }

    public async Task<CharactersOverview> OverviewAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var required = states.RequiredScopes(actor.State);
        var characters = await db.Characters.AsNoTracking().Where(c => c.AccountId == actor.AccountId).OrderBy(c => c.Name).ToListAsync(ct);
        var ids = characters.Select(c => c.Id).ToList();
        var orgIds = characters.SelectMany(c => new[] { c.CorporationId, c.AllianceId }).OfType<long>().Distinct().ToList();
        var names = await db.EveEntities.Where(e => orgIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var grants = await db.Tokens.AsNoTracking().Where(t => ids.Contains(t.CharacterId)).ToDictionaryAsync(t => t.CharacterId, ct);
        var rows = characters.Select(c =>
        {
            var grant = grants.GetValueOrDefault(c.Id);
            return new LinkedCharacterRow(c.Id, c.Name, c.Id == actor.MainCharacterId,
                c.CorporationId is { } corp ? names.GetValueOrDefault(corp) : null,
                c.AllianceId is { } alliance ? names.GetValueOrDefault(alliance) : null,
                grant?.Status,
                grant?.GrantedScopes ?? [],
                grant?.MissingScopes(required) ?? required,
                grant?.ShownInvalidReason);
        }).ToList();
        return new CharactersOverview(actor.State, required, rows);
    }

    public async Task SetMainAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var character = await OwnCharacterAsync(db, actor, characterId, ct);
        var account = await db.Accounts.SingleAsync(a => a.Id == actor.AccountId, ct);
        account.MainCharacterId = character.Id;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes a character from the account; its standing, if any, goes to the approvers as a system revocation.</summary>
    public async Task RemoveAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var character = await OwnCharacterAsync(db, actor, characterId, ct);
        if (await db.Characters.CountAsync(c => c.AccountId == actor.AccountId, ct) == 1)
            throw WorkflowException.Invalid(CoreText.Get("Characters.OnlyOne"));

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Accounts, ct);
        await CharacterRelease.ReleaseAsync(db, character, SystemRevocationReason.TokenLost,
            new Localization.Phrase(() => Localization.CoreText.Get("Release.Removed")), actor, now, ct);
        db.Characters.Remove(character);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        tokens.Forget(characterId);
    }

    private static async Task<EveCharacter> OwnCharacterAsync(StandingsDbContext db, Actor actor, long characterId, CancellationToken ct)
    {
        var character = await db.Characters.SingleOrDefaultAsync(c => c.Id == characterId, ct);
        if (character is null || character.AccountId != actor.AccountId)
            throw WorkflowException.Forbidden(CoreText.Get("Characters.OnlyOwn"));
        return character;
    }
}
