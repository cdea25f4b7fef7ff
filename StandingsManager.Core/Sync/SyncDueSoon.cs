using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Makes characters due ahead of their interval: all enabled ones after a change to the standings list, or chosen
/// ones for "Sync now" / "Force sync". Each is announced as <see cref="SyncEventKind.Queued"/> and the scheduler woken.
/// </summary>
public sealed class SyncDueSoon(
    IDbContextFactory<StandingsDbContext> dbFactory,
    SyncEvents events,
    SyncTrigger trigger,
    TimeProvider time)
{
    /// <summary>A list change spreads the characters over at most this long, so they do not all hit ESI in the same second.</summary>
    public static readonly TimeSpan Spread = TimeSpan.FromMinutes(1);

    /// <summary>...and over no more than a second per character, so a small corporation sees an approval land within seconds.</summary>
    public static readonly TimeSpan SpreadPerCharacter = TimeSpan.FromSeconds(1);

    // Short write transactions, so a large alliance's re-schedule does not hold SQLite's write lock for long.
    private const int BatchSize = 500;

    /// <summary>
    /// Makes every enabled character due soon whenever the entries change (approvals, revocations, edits). Only changes made
    /// by this instance: the instance that made one reschedules for everyone.
    /// </summary>
    public IDisposable Follow(StandingsEvents standings)
    {
        ArgumentNullException.ThrowIfNull(standings);
        return standings.SubscribeLocalOnly(change => change switch
        {
            { Kind: StandingsChangeKind.Entries, ListId: { } listId } => MakeListDueSoonAsync(listId, CancellationToken.None),
            { Kind: StandingsChangeKind.Entries or StandingsChangeKind.Lists } => MakeAllDueSoonAsync(CancellationToken.None),
            _ => Task.CompletedTask,
        });
    }

    /// <summary>
    /// The enabled characters that receive one list (its audience narrowed to named corporations or alliances is checked
    /// against each owner's main; a member who switched the list off for a character is left out) become due soon, spread
    /// as <see cref="MakeAllDueSoonAsync"/> does. A list that is not active any more reaches everyone who may still hold it.
    /// </summary>
    public async Task<int> MakeListDueSoonAsync(int listId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, ct);
        if (list is null)
            return 0;
        var characters = db.SyncedCharacters.AsNoTracking().Where(s => s.Enabled);
        if (list.IsActive)
        {
            characters = characters.Where(s => !db.SyncedCharacterLists.Any(r => r.CharacterId == s.CharacterId && r.ListId == listId && !r.Enabled));
            var corporations = ListAudience.ParseIds(list.AudienceCorporationIds);
            var alliances = ListAudience.ParseIds(list.AudienceAllianceIds);
            if (corporations.Length > 0 || alliances.Length > 0)
            {
                characters = characters.Where(s => db.Accounts.Any(a => a.Id == s.AccountId && db.Characters.Any(c => c.Id == a.MainCharacterId
                    && ((c.CorporationId != null && corporations.Contains(c.CorporationId.Value)) || (c.AllianceId != null && alliances.Contains(c.AllianceId.Value))))));
            }
        }
        var due = await characters.OrderBy(s => s.NextSyncAt).ThenBy(s => s.CharacterId)
            .Select(s => new Due(s.CharacterId, s.AccountId, s.Status)).ToListAsync(ct);
        return await SpreadAsync(due, ct);
    }

    /// <summary>
    /// Every enabled character becomes due within <see cref="Spread"/> (or n seconds when that is shorter): the i-th of
    /// n (most overdue first) at now + i·window/n. Disabled characters are left alone. Returns how many were made due.
    /// </summary>
    public async Task<int> MakeAllDueSoonAsync(CancellationToken ct)
    {
        List<Due> characters;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            characters = await db.SyncedCharacters.AsNoTracking()
                .Where(s => s.Enabled)
                .OrderBy(s => s.NextSyncAt).ThenBy(s => s.CharacterId)
                .Select(s => new Due(s.CharacterId, s.AccountId, s.Status))
                .ToListAsync(ct);
        }
        return await SpreadAsync(characters, ct);
    }

    private async Task<int> SpreadAsync(List<Due> characters, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromTicks(Math.Min(Spread.Ticks, SpreadPerCharacter.Ticks * characters.Count));
        for (var start = 0; start < characters.Count; start += BatchSize)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Sync, ct);
            for (var i = start; i < Math.Min(start + BatchSize, characters.Count); i++)
            {
                var id = characters[i].CharacterId;
                var at = now + TimeSpan.FromTicks(window.Ticks * i / characters.Count);
                await db.SyncedCharacters
                    .Where(s => s.CharacterId == id && s.Enabled)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextSyncAt, at), ct);
            }
            await transaction.CommitAsync(ct);
        }
        await AnnounceAsync(characters, now);
        return characters.Count;
    }

    /// <summary>"Sync now" / "Force sync": the enabled ones among <paramref name="characterIds"/> are due at once. Returns how many.</summary>
    public async Task<int> MakeDueNowAsync(IEnumerable<long> characterIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(characterIds);
        var ids = characterIds.Distinct().ToList();
        var now = time.GetUtcNow();
        List<Due> characters;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            characters = await db.SyncedCharacters.AsNoTracking()
                .Where(s => ids.Contains(s.CharacterId) && s.Enabled)
                .Select(s => new Due(s.CharacterId, s.AccountId, s.Status))
                .ToListAsync(ct);
            await db.SyncedCharacters
                .Where(s => ids.Contains(s.CharacterId) && s.Enabled)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextSyncAt, now), ct);
        }
        await AnnounceAsync(characters, now);
        return characters.Count;
    }

    private async Task AnnounceAsync(List<Due> characters, DateTimeOffset now)
    {
        if (characters.Count == 0)
            return;
        foreach (var c in characters)
            await events.PublishAsync(new SyncEvent(SyncEventKind.Queued, c.CharacterId, c.AccountId, c.Status, At: now));
        // After the announcements, so a page never hears "queued" after the engine's "started".
        trigger.Wake();
    }

    private sealed record Due(long CharacterId, int AccountId, SyncStatus Status);
}
