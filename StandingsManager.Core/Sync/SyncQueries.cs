using StandingsManager.Core.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Sync;

/// <summary>Read models for the sync pages. Members see their own characters; the full list is for administrators.</summary>
public sealed class SyncQueries(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, AccessStates states,
    IOptions<StandingsOptions> options, TimeProvider time)
{
    public const int HistoryLength = 100;

    /// <summary>The member's characters: whether each can be synced (grant and scopes), and the sync state of those enrolled.</summary>
    public async Task<MySyncOverview> MyCharactersAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Member, () => CoreText.Get("Role.Needed.UseContactSync"));
        var required = states.RequiredScopes(actor.State);
        var characters = await db.Characters.AsNoTracking().Where(c => c.AccountId == actor.AccountId).OrderBy(c => c.Name).ToListAsync(ct);
        var ids = characters.Select(c => c.Id).ToList();
        var grants = await db.Tokens.AsNoTracking().Where(t => ids.Contains(t.CharacterId)).ToDictionaryAsync(t => t.CharacterId, ct);
        var synced = await db.SyncedCharacters.AsNoTracking().Where(s => ids.Contains(s.CharacterId)).ToDictionaryAsync(s => s.CharacterId, ct);
        var lastRuns = await LastRunsAsync(db, synced.Keys, ct);
        var staleBefore = StaleBefore();

        var rows = characters.Select(c =>
        {
            var grant = grants.GetValueOrDefault(c.Id);
            var missing = grant?.MissingScopes(required) ?? required;
            var sync = synced.TryGetValue(c.Id, out var s) ? SyncState.From(s, staleBefore, lastRuns.GetValueOrDefault(c.Id)) : null;
            return new MySyncRow(c.Id, c.Name, c.Id == actor.MainCharacterId, grant?.Status, missing, sync, FixFor(grant?.Status, missing, sync));
        }).ToList();
        return new MySyncOverview(actor.State, required, rows);
    }

    /// <summary>The runs of one character, newest first: the owner's own, or any character's for an administrator.</summary>
    public async Task<IReadOnlyList<SyncRunRow>> HistoryAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var own = await db.Characters.AnyAsync(c => c.Id == characterId && c.AccountId == actor.AccountId, ct);
        if (!(own && actor.Has(Role.Member)) && !actor.Has(Role.Administrator))
            throw WorkflowException.Forbidden(CoreSyncText.Get("History.OwnCharactersOnly"));
        var runs = await db.SyncRuns.AsNoTracking().Where(r => r.CharacterId == characterId)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(HistoryLength).ToListAsync(ct);
        return runs.Select(SyncRunRow.From).ToList();
    }

    /// <summary>Every synced character, a page at a time, for administrators; <paramref name="search"/> matches the character's or the owner's name, or the id.</summary>
    public async Task<Page<SyncedCharacterRow>> SyncedCharactersAsync(int actorAccountId, SyncHealth? filter, string? search, int skip, int take,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.ManageSyncedCharacters"));
        var staleBefore = StaleBefore();

        var query =
            from s in db.SyncedCharacters.AsNoTracking()
            join c in db.Characters on s.CharacterId equals c.Id
            join a in db.Accounts on c.AccountId equals a.Id
            join m in db.Characters on a.MainCharacterId equals m.Id into mains
            from main in mains.DefaultIfEmpty()
            select new { Sync = s, Name = c.Name, OwnerAccountId = a.Id, OwnerName = main == null ? null : main.Name };
        query = filter switch
        {
            SyncHealth.Disabled => query.Where(r => !r.Sync.Enabled || r.Sync.Status == SyncStatus.Disabled),
            SyncHealth.Stale => query.Where(r => r.Sync.Enabled && r.Sync.CreatedAt < staleBefore && (r.Sync.LastSuccessAt == null || r.Sync.LastSuccessAt < staleBefore)),
            SyncHealth.Ok => query.Where(r => r.Sync.Enabled && r.Sync.Status == SyncStatus.Ok),
            SyncHealth.Warning => query.Where(r => r.Sync.Enabled && r.Sync.Status == SyncStatus.Warning),
            SyncHealth.Error => query.Where(r => r.Sync.Enabled && r.Sync.Status == SyncStatus.Error),
            SyncHealth.Pending => query.Where(r => r.Sync.Enabled && r.Sync.Status == SyncStatus.Pending),
            _ => query,
        };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            query = long.TryParse(term, out var id)
                ? query.Where(r => r.Sync.CharacterId == id || r.Name.ToLower().Contains(term))
                : query.Where(r => r.Name.ToLower().Contains(term) || (r.OwnerName != null && r.OwnerName.ToLower().Contains(term)));
        }

        var page = await query.OrderBy(r => r.Name).ThenBy(r => r.Sync.CharacterId).Skip(skip).Take(take).ToListAsync(ct);
        var lastRuns = await LastRunsAsync(db, page.Select(r => r.Sync.CharacterId), ct);
        var items = page.Select(r => new SyncedCharacterRow(r.Sync.CharacterId, r.Name, r.OwnerAccountId, r.OwnerName ?? CoreSyncText.Format("Sync.Owner.Unknown", r.OwnerAccountId),
            SyncState.From(r.Sync, staleBefore, lastRuns.GetValueOrDefault(r.Sync.CharacterId)))).ToList();
        return new Page<SyncedCharacterRow>(items, await query.CountAsync(ct));
    }

    private DateTimeOffset StaleBefore() => SyncStaleness.StaleBefore(options.Value, time.GetUtcNow());

    /// <summary>The latest real (not dry) run of each character.</summary>
    private static async Task<Dictionary<long, SyncRunRow>> LastRunsAsync(StandingsDbContext db, IEnumerable<long> characterIds, CancellationToken ct)
    {
        var ids = characterIds.ToList();
        if (ids.Count == 0)
            return [];
        var latest = db.SyncRuns.Where(r => ids.Contains(r.CharacterId) && !r.DryRun)
            .GroupBy(r => r.CharacterId)
            .Select(g => g.Max(r => r.Id));
        var runs = await db.SyncRuns.AsNoTracking().Where(r => latest.Contains(r.Id)).ToListAsync(ct);
        return runs.ToDictionary(r => r.CharacterId, SyncRunRow.From);
    }

    /// <summary>What the member can do about a character's state, beyond what the engine's status message says.</summary>
    private string? FixFor(TokenStatus? grant, IReadOnlyList<string> missing, SyncState? sync)
    {
        if (grant is null)
            return CoreSyncText.Get("Fix.Grant.None");
        if (grant == TokenStatus.Invalid)
            return CoreSyncText.Get("Fix.Grant.Invalid");
        if (missing.Count > 0)
            return CoreSyncText.Format("Fix.Grant.Missing", string.Join(", ", missing));
        return sync?.Health switch
        {
            SyncHealth.Disabled => CoreSyncText.Get("Fix.Disabled"),
            SyncHealth.Error => CoreSyncText.Get("Fix.Error"),
            SyncHealth.Stale => CoreSyncText.Format("Fix.Stale", options.Value.SyncTimeoutMinutes),
            SyncHealth.Pending => CoreSyncText.Get("Fix.Pending"),
            _ => null,
        };
    }
}
