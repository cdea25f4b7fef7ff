using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.TestSupport;

/// <summary>Seeds grants, synced characters and their runs for the sync pages' and commands' tests.</summary>
public static class SyncSeeding
{
    public static readonly string ContactScopes = string.Join(' ', EveScopes.Contacts);

    public static async Task GrantAsync(this StandingsDbContext db, long characterId, DateTimeOffset at, string? scopes = null, TokenStatus status = TokenStatus.Valid)
    {
        db.Tokens.Add(new EveToken { CharacterId = characterId, EncryptedRefreshToken = "protected", Scopes = scopes ?? ContactScopes, Status = status, UpdatedAt = at });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<SyncedCharacter> EnrolAsync(this StandingsDbContext db, long characterId, int accountId, DateTimeOffset createdAt,
        SyncStatus status = SyncStatus.Ok, bool enabled = true, DateTimeOffset? lastSuccessAt = null, string? message = null)
    {
        var synced = new SyncedCharacter
        {
            CharacterId = characterId,
            AccountId = accountId,
            Enabled = enabled,
            Status = enabled ? status : SyncStatus.Disabled,
            StatusMessage = message,
            CreatedAt = createdAt,
            LastSyncAt = lastSuccessAt,
            LastSuccessAt = lastSuccessAt,
            NextSyncAt = enabled ? createdAt.AddMinutes(30) : null,
        };
        db.SyncedCharacters.Add(synced);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return synced;
    }

    public static async Task<SyncRun> AddRunAsync(this StandingsDbContext db, long characterId, DateTimeOffset startedAt, int added, int updated = 0, int removed = 0,
        SyncStatus outcome = SyncStatus.Ok, bool dryRun = false, string? message = null)
    {
        var run = new SyncRun
        {
            CharacterId = characterId,
            StartedAt = startedAt,
            FinishedAt = startedAt.AddSeconds(2),
            Outcome = outcome,
            DryRun = dryRun,
            Added = added,
            Updated = updated,
            Removed = removed,
            EsiCalls = 4,
            DurationMs = 2000,
            Message = message,
        };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return run;
    }
}
