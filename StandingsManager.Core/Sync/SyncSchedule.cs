using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>
/// The scheduler's database side: which characters are due, claiming them, and what happens to a character after a run.
/// Kept apart from the loop so each step is tested on its own.
/// </summary>
public sealed class SyncSchedule(
    IDbContextFactory<StandingsDbContext> dbFactory,
    SyncLeases leases,
    IOptions<StandingsOptions> options,
    TimeProvider time)
{
    /// <summary>How far a next sync time may stray from the interval, so characters added together drift apart.</summary>
    public const double Jitter = 0.10;

    /// <summary>
    /// Claims up to <paramref name="max"/> due characters (enabled, next sync time passed or never set, lease free or
    /// expired), most overdue first, leaving out <paramref name="busy"/>: those this instance already holds.
    /// </summary>
    public async Task<IReadOnlyList<SyncClaim>> ClaimDueAsync(int max, IReadOnlyCollection<long> busy, CancellationToken ct)
    {
        if (max <= 0)
            return [];
        var now = time.GetUtcNow();
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.SyncedCharacters.AsNoTracking()
                .Where(s => s.Enabled && (s.NextSyncAt == null || s.NextSyncAt <= now) && !busy.Contains(s.CharacterId))
                .Where(s => s.LeaseUntil == null || s.LeaseUntil < now || s.LeaseOwner == leases.Owner)
                .OrderBy(s => s.NextSyncAt).ThenBy(s => s.CharacterId)
                .Select(s => s.CharacterId)
                .Take(max)
                .ToListAsync(ct);
        }
        var claimed = (await leases.TryClaimDueAsync(due, ct)).ToDictionary(c => c.CharacterId);
        return [.. due.Where(claimed.ContainsKey).Select(id => claimed[id])];
    }

    /// <summary>
    /// The next moment something may become claimable: the earliest future next sync time, or the end of another
    /// instance's lease on a due character. Null when nothing is scheduled. Lets the loop sleep instead of polling.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var nextSync = await db.SyncedCharacters.AsNoTracking()
            .Where(s => s.Enabled && s.NextSyncAt > now)
            .OrderBy(s => s.NextSyncAt).Select(s => s.NextSyncAt).FirstOrDefaultAsync(ct);
        var leaseEnds = await db.SyncedCharacters.AsNoTracking()
            .Where(s => s.Enabled && (s.NextSyncAt == null || s.NextSyncAt <= now) && s.LeaseUntil >= now && s.LeaseOwner != leases.Owner)
            .OrderBy(s => s.LeaseUntil).Select(s => s.LeaseUntil).FirstOrDefaultAsync(ct);
        return (nextSync, leaseEnds) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };
    }

    /// <summary>The next sync time after a run: one interval on, give or take <see cref="Jitter"/>.</summary>
    public DateTimeOffset NextSyncAfter(DateTimeOffset now)
    {
        var interval = TimeSpan.FromMinutes(options.Value.SyncIntervalMinutes);
        return now + interval * (1 + Jitter * (2 * Random.Shared.NextDouble() - 1));
    }

    /// <summary>
    /// After runs: schedules each character's next one and gives its lease back, one UPDATE each and one transaction
    /// for the lot (one disk flush, not one per character). A character made due again while it ran (a list change,
    /// "sync now") keeps that earlier time, so the change is not lost for a whole interval. Returns those characters:
    /// they want another run soon.
    /// </summary>
    public async Task<IReadOnlyList<long>> FinishAsync(IReadOnlyList<SyncClaim> claims, CancellationToken ct)
    {
        var dueAgain = new List<long>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var claim in claims)
            {
                var next = NextSyncAfter(time.GetUtcNow());
                var scheduled = await db.SyncedCharacters
                    .Where(s => s.CharacterId == claim.CharacterId && s.LeaseOwner == leases.Owner && s.NextSyncAt == claim.DueAt)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(s => s.NextSyncAt, next)
                        .SetProperty(s => s.LeaseOwner, (string?)null)
                        .SetProperty(s => s.LeaseUntil, (DateTimeOffset?)null), ct);
                if (scheduled == 0)
                    dueAgain.Add(claim.CharacterId);
            }
            await transaction.CommitAsync(ct);
        }
        foreach (var id in dueAgain)
            await leases.ReleaseAsync(id, ct);
        return dueAgain;
    }

    /// <summary>
    /// Records a run the engine did not finish (it threw): the character shows the error and gets a run row like any
    /// other. Returns the character's account for the event, or null when the character is gone.
    /// </summary>
    public async Task<int?> RecordFailureAsync(SyncClaim claim, DateTimeOffset startedAt, Exception error, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var character = await db.SyncedCharacters.SingleOrDefaultAsync(s => s.CharacterId == claim.CharacterId, ct);
        if (character is null)
            return null;
        var message = FreeText.Truncate($"The sync stopped on an unexpected error and will be tried again at the next interval: {error.Message}", 1000);
        character.Status = SyncStatus.Error;
        character.StatusMessage = message;
        character.LastSyncAt = now;
        db.SyncRuns.Add(new SyncRun
        {
            CharacterId = claim.CharacterId,
            StartedAt = startedAt,
            FinishedAt = now,
            Outcome = SyncStatus.Error,
            DurationMs = (int)Math.Clamp((now - startedAt).TotalMilliseconds, 0, int.MaxValue),
            Message = message,
            Error = FreeText.Truncate($"{error.GetType().Name}: {error.Message}", 2000),
        });
        await db.SaveChangesAsync(ct);
        return character.AccountId;
    }
}
