using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>
/// The lease row on <see cref="SyncedCharacter"/>: whoever holds it may write the character's contacts. The claim is one
/// conditional UPDATE, so two app processes on one database never both win. A lease is free when it expired or when its
/// owner stopped beating (<see cref="SyncInstance"/>): a crashed process holds its characters for a minute at most.
/// </summary>
public sealed class SyncLeases(IDbContextFactory<StandingsDbContext> dbFactory, TimeProvider time, ILogger<SyncLeases> logger) : IDisposable
{
    /// <summary>Long enough for a sync that waits out an ESI error-limit pause; renewed while a sync runs.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(10);

    /// <summary>Renewal period: a third of the lease, so one failed renewal still leaves time for the next.</summary>
    public static readonly TimeSpan RenewEvery = Duration / 3;

    /// <summary>How often a running scheduler writes its heartbeat (at least every 20 s, with room for a slow write).</summary>
    public static readonly TimeSpan BeatEvery = TimeSpan.FromSeconds(15);

    /// <summary>An owner whose heartbeat is older than this is gone: its leases are free.</summary>
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(60);

    /// <summary>Heartbeats of instances gone this long are deleted; they hold nothing by then.</summary>
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    /// <summary>This instance's name on the rows it holds: unique per process and per container.</summary>
    public string Owner { get; } = $"{Environment.MachineName[..Math.Min(40, Environment.MachineName.Length)]}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// The rows this instance may claim now: no lease, an expired one, its own, or one whose owner's heartbeat is older
    /// than <see cref="DeadAfter"/> (or missing: the owner never beat, or its row was forgotten).
    /// </summary>
    internal IQueryable<SyncedCharacter> Claimable(StandingsDbContext db, IQueryable<SyncedCharacter> rows, DateTimeOffset now)
    {
        var owner = Owner;
        var aliveSince = now - DeadAfter;
        return rows.Where(s => s.LeaseOwner == null || s.LeaseUntil == null || s.LeaseUntil < now || s.LeaseOwner == owner
            || !db.SyncInstances.Any(i => i.Owner == s.LeaseOwner && i.BeatAt >= aliveSince));
    }

    /// <summary>Writes this instance's heartbeat now: the scheduler on every round, and a claim outside it (<see cref="TryClaimAsync"/>).</summary>
    public async Task BeatAsync(CancellationToken ct)
    {
        // One beat at a time: the scheduler and the work leases beat together at start-up, and two first beats would
        // both insert the row, one failing with an error in the log.
        await _beating.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.SyncInstances.Where(i => i.Owner == Owner).ExecuteUpdateAsync(u => u.SetProperty(i => i.BeatAt, now), ct) == 1)
                return;
            var forgotten = now - ForgetAfter;
            await db.SyncInstances.Where(i => i.BeatAt < forgotten).ExecuteDeleteAsync(ct);
            db.SyncInstances.Add(new SyncInstance { Owner = Owner, BeatAt = now });
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            _beating.Release();
        }
    }

    private readonly SemaphoreSlim _beating = new(1, 1);

    public void Dispose() => _beating.Dispose();

    /// <summary>Claims the character's lease if nobody holds a live one. True when this instance now holds it.</summary>
    public async Task<bool> TryClaimAsync(long characterId, CancellationToken ct)
    {
        await BeatAsync(ct);
        var now = time.GetUtcNow();
        var until = now + Duration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var claimed = await Claimable(db, db.SyncedCharacters.Where(s => s.CharacterId == characterId), now)
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
        var due = db.SyncedCharacters.Where(s => characterIds.Contains(s.CharacterId) && s.Enabled && (s.NextSyncAt == null || s.NextSyncAt <= now));
        await Claimable(db, due, now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseOwner, Owner).SetProperty(s => s.LeaseUntil, until), ct);
        var held = await db.SyncedCharacters.AsNoTracking()
            .Where(s => characterIds.Contains(s.CharacterId) && s.LeaseOwner == Owner)
            .Select(s => new { s.CharacterId, s.NextSyncAt })
            .ToListAsync(ct);
        return [.. held.Select(h => new SyncClaim(h.CharacterId, h.NextSyncAt, now))];
    }

    /// <summary>
    /// When the leases other instances hold on the given rows end: at the lease's end, or a minute after its owner's
    /// last heartbeat if that is sooner. Null when no other instance holds one.
    /// </summary>
    internal async Task<DateTimeOffset?> OthersFreeAtAsync(StandingsDbContext db, IQueryable<SyncedCharacter> rows, DateTimeOffset now, CancellationToken ct)
    {
        var owner = Owner;
        var held = await rows.Where(s => s.LeaseOwner != null && s.LeaseOwner != owner && s.LeaseUntil >= now)
            .GroupBy(s => s.LeaseOwner!)
            .Select(g => new { Owner = g.Key, Until = g.Min(s => s.LeaseUntil!.Value) })
            .ToListAsync(ct);
        if (held.Count == 0)
            return null;
        var owners = held.Select(h => h.Owner).ToList();
        var beats = await db.SyncInstances.AsNoTracking().Where(i => owners.Contains(i.Owner)).ToDictionaryAsync(i => i.Owner, i => i.BeatAt, ct);
        return held.Min(h => beats.TryGetValue(h.Owner, out var beat) && beat + DeadAfter < h.Until ? beat + DeadAfter : h.Until);
    }

    /// <summary>
    /// Extends a lease this instance holds. False only when it is known to be lost (taken by another instance); a
    /// database hiccup is logged and the lease kept, since the next renewal comes well before it expires.
    /// </summary>
    public async Task<bool> RenewAsync(long characterId, CancellationToken ct)
    {
        try
        {
            var until = time.GetUtcNow() + Duration;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.SyncedCharacters
                .Where(s => s.CharacterId == characterId && s.LeaseOwner == Owner)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseUntil, until), ct) == 1)
                return true;
            logger.LogWarning("Lost the sync lease of character {CharacterId}", characterId);
            return false;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not renew the sync lease of character {CharacterId}", characterId);
            return true;
        }
    }

    /// <summary>
    /// Renews the lease every <see cref="RenewEvery"/> while a run goes on, until <paramref name="stop"/>; cancels
    /// <paramref name="lost"/> (the run) when the lease is lost to another instance.
    /// </summary>
    public async Task RenewWhileRunningAsync(long characterId, CancellationTokenSource lost, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(lost);
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery, time, stop);
                if (!await RenewAsync(characterId, stop))
                {
                    await lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    public async Task ReleaseAsync(long characterId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.SyncedCharacters
            .Where(s => s.CharacterId == characterId && s.LeaseOwner == Owner)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseOwner, (string?)null).SetProperty(s => s.LeaseUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>On shutdown: every lease this instance holds goes back at once, not after it expires, and so does its heartbeat.</summary>
    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.SyncedCharacters
            .Where(s => s.LeaseOwner == Owner)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseOwner, (string?)null).SetProperty(s => s.LeaseUntil, (DateTimeOffset?)null), ct);
        await db.SyncInstances.Where(i => i.Owner == Owner).ExecuteDeleteAsync(ct);
    }
}
