using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>A character this instance claimed for a run, with the due time it was claimed at and when.</summary>
public sealed record SyncClaim(long CharacterId, DateTimeOffset? DueAt, DateTimeOffset ClaimedAt);

/// <summary>
/// The lease row on <see cref="SyncedCharacter"/>: whoever holds it may write the character's contacts. The claim is one
/// conditional UPDATE, so two app processes on one database never both win; a dead owner's lease simply expires.
/// </summary>
public sealed class SyncLeases(IDbContextFactory<StandingsDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Long enough for a sync that waits out an ESI error-limit pause; renewed while a sync runs.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(10);

    /// <summary>This instance's name on the rows it holds: unique per process and per container.</summary>
    public string Owner { get; } = $"{Environment.MachineName[..Math.Min(40, Environment.MachineName.Length)]}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Claims the character's lease if nobody holds a live one. True when this instance now holds it.</summary>
    public async Task<bool> TryClaimAsync(long characterId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = now + Duration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var claimed = await db.SyncedCharacters
            .Where(s => s.CharacterId == characterId && (s.LeaseUntil == null || s.LeaseUntil < now || s.LeaseOwner == Owner))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseOwner, Owner).SetProperty(s => s.LeaseUntil, until), ct);
        return claimed == 1;
    }

    /// <summary>
    /// Claims, in one conditional UPDATE, those of <paramref name="characterIds"/> that are still enabled, due and free
    /// (or already this instance's), and returns what this instance now holds with the due time each was claimed at.
    /// Due is checked again here so a character another instance has just synced is not synced twice in a row.
    /// </summary>
    public async Task<IReadOnlyList<SyncClaim>> TryClaimDueAsync(IReadOnlyCollection<long> characterIds, CancellationToken ct)
    {
        if (characterIds.Count == 0)
            return [];
        var now = time.GetUtcNow();
        var until = now + Duration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.SyncedCharacters
            .Where(s => characterIds.Contains(s.CharacterId) && s.Enabled && (s.NextSyncAt == null || s.NextSyncAt <= now))
            .Where(s => s.LeaseUntil == null || s.LeaseUntil < now || s.LeaseOwner == Owner)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseOwner, Owner).SetProperty(s => s.LeaseUntil, until), ct);
        var held = await db.SyncedCharacters.AsNoTracking()
            .Where(s => characterIds.Contains(s.CharacterId) && s.LeaseOwner == Owner)
            .Select(s => new { s.CharacterId, s.NextSyncAt })
            .ToListAsync(ct);
        return [.. held.Select(h => new SyncClaim(h.CharacterId, h.NextSyncAt, now))];
    }

    /// <summary>Extends a lease this instance holds. False when it was lost (expired and taken by another instance).</summary>
    public async Task<bool> RenewAsync(long characterId, CancellationToken ct)
    {
        var until = time.GetUtcNow() + Duration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SyncedCharacters
            .Where(s => s.CharacterId == characterId && s.LeaseOwner == Owner)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseUntil, until), ct) == 1;
    }

    public async Task ReleaseAsync(long characterId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.SyncedCharacters
            .Where(s => s.CharacterId == characterId && s.LeaseOwner == Owner)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseOwner, (string?)null).SetProperty(s => s.LeaseUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>On shutdown: every lease this instance holds goes back at once, not after it expires.</summary>
    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.SyncedCharacters
            .Where(s => s.LeaseOwner == Owner)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseOwner, (string?)null).SetProperty(s => s.LeaseUntil, (DateTimeOffset?)null), ct);
    }
}
