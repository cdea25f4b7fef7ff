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

    /// <summary>How often one claim looks again past characters another instance took between its read and its claim.</summary>
    private const int ClaimAttempts = 3;

    /// <summary>
    /// Claims up to <paramref name="max"/> due characters (enabled, next sync time passed or never set, lease free or
    /// expired), most overdue first, leaving out <paramref name="busy"/>: those this instance already holds. Instances
    /// read the same most overdue characters, and one of them wins each; the loser looks again past them at once
    /// rather than idle until its next wake-up while characters are due.
    /// </summary>
    public async Task<IReadOnlyList<SyncClaim>> ClaimDueAsync(int max, IReadOnlyCollection<long> busy, CancellationToken ct)
    {
        var claims = new List<SyncClaim>();
        var seen = new HashSet<long>(busy);
        for (var attempt = 0; attempt < ClaimAttempts && claims.Count < max; attempt++)
        {
            var due = await DueAsync(max - claims.Count, seen, ct);
            if (due.Count == 0)
                break;
            var claimed = (await leases.TryClaimDueAsync(due, ct)).ToDictionary(c => c.CharacterId);
            claims.AddRange(due.Where(claimed.ContainsKey).Select(id => claimed[id]));
            if (claimed.Count == due.Count)
                break;
            seen.UnionWith(due);
        }
        return claims;
    }

    private async Task<List<long>> DueAsync(int max, IReadOnlyCollection<long> leaveOut, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = db.SyncedCharacters.AsNoTracking()
            .Where(s => s.Enabled && (s.NextSyncAt == null || s.NextSyncAt <= now) && !leaveOut.Contains(s.CharacterId));
        return await leases.Claimable(db, candidates, now)
            .OrderBy(s => s.NextSyncAt).ThenBy(s => s.CharacterId)
            .Select(s => s.CharacterId)
            .Take(max)
            .ToListAsync(ct);
    }

    /// <summary>
    /// The next moment something may become claimable: the earliest future next sync time, or the end of another
    /// instance's lease on a due character (its expiry, or a minute after its owner's last heartbeat). Null when nothing
    /// is scheduled. Lets the loop sleep instead of polling.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var nextSync = await db.SyncedCharacters.AsNoTracking()
            .Where(s => s.Enabled && s.NextSyncAt > now)
            .OrderBy(s => s.NextSyncAt).Select(s => s.NextSyncAt).FirstOrDefaultAsync(ct);
        var leaseEnds = await leases.OthersFreeAtAsync(db,
            db.SyncedCharacters.AsNoTracking().Where(s => s.Enabled && (s.NextSyncAt == null || s.NextSyncAt <= now)), now, ct);
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

    /// <summary>The first retry after a failed run comes this long after it; each further failure doubles the wait.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after its <paramref name="failures"/>-th failure in a row a character is tried again: 1, 2, 4, 8 …
    /// minutes, give or take <see cref="Jitter"/> (<paramref name="sample"/>, in [0, 1), picks where), and never
    /// longer than the sync interval.
    /// </summary>
    public static TimeSpan RetryDelay(int failures, TimeSpan interval, double sample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, 1);
        // Doubling stops once it reaches the interval: no overflow however long ESI stays down.
        var wait = FirstRetry;
        for (var i = 1; i < failures && wait < interval; i++)
            wait *= 2;
        if (wait >= interval)
            return interval;
        wait *= 1 + Jitter * (2 * sample - 1);
        return wait < interval ? wait : interval;
    }

    /// <summary>
    /// After runs: schedules each character's next one and gives its lease back, one UPDATE each and one transaction
    /// for the lot (one disk flush, not one per character). A run that did not fail is next due an interval on and
    /// resets the backoff; a failed one is retried after <see cref="RetryDelay"/>. A character made due again while it
    /// ran (a list change, "sync now") keeps that earlier time, so the change is not lost. Returns those characters:
    /// they want another run soon.
    /// </summary>
    public async Task<IReadOnlyList<long>> FinishAsync(IReadOnlyList<SyncClaim> claims, CancellationToken ct)
    {
        var interval = TimeSpan.FromMinutes(options.Value.SyncIntervalMinutes);
        var dueAgain = new List<long>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Sync, ct);
            var failedIds = claims.Where(c => c.Failed).Select(c => c.CharacterId).ToList();
            var failedBefore = failedIds.Count == 0 ? []
                : await db.SyncedCharacters.Where(s => failedIds.Contains(s.CharacterId)).ToDictionaryAsync(s => s.CharacterId, s => s.FailedRuns, ct);
            foreach (var claim in claims)
            {
                var now = time.GetUtcNow();
                var failures = claim.Failed ? failedBefore.GetValueOrDefault(claim.CharacterId) + 1 : 0;
                var next = claim.Failed ? now + RetryDelay(failures, interval, Random.Shared.NextDouble()) : NextSyncAfter(now);
                var mine = db.SyncedCharacters.Where(s => s.CharacterId == claim.CharacterId && s.LeaseOwner == leases.Owner);
                var scheduled = await mine.Where(s => s.NextSyncAt == claim.DueAt)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(s => s.NextSyncAt, next)
                        .SetProperty(s => s.FailedRuns, failures)
                        .SetProperty(s => s.LeaseOwner, (string?)null)
                        .SetProperty(s => s.LeaseUntil, (DateTimeOffset?)null), ct);
                if (scheduled == 0)
                {
                    // Made due again meanwhile: that time stands, but the count of failures still moves.
                    await mine.ExecuteUpdateAsync(u => u.SetProperty(s => s.FailedRuns, failures), ct);
                    dueAgain.Add(claim.CharacterId);
                }
            }
            await transaction.CommitAsync(ct);
        }
        foreach (var id in dueAgain)
            await leases.ReleaseAsync(id, ct);
        return dueAgain;
    }

    /// <summary>
    /// Records a run the engine did not finish (it threw): the character shows the error and gets a run row like any
    /// other, counted for the day as well. Returns the event that tells pages, saying what the character now shows in every
    /// language, or null when the character is gone.
    /// </summary>
    public async Task<SyncEvent?> RecordFailureAsync(SyncClaim claim, DateTimeOffset startedAt, Exception error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(error);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var character = await db.SyncedCharacters.SingleOrDefaultAsync(s => s.CharacterId == claim.CharacterId, ct);
        if (character is null)
            return null;
        var message = SyncMessages.Unexpected(error);
        var (previousStatus, previousMessage) = (character.Status, character.StatusMessage);
        character.SetStatus(SyncStatus.Error, message);
        character.LastSyncAt = now;
        await SyncProblemAlerts.NotifyIfNewAsync(db, character, previousStatus, previousMessage, now, ct);
        await SyncRunRecorder.RecordAsync(db, new SyncRun
        {
            CharacterId = claim.CharacterId,
            StartedAt = startedAt,
            FinishedAt = now,
            Outcome = SyncStatus.Error,
            DurationMs = SyncRunRecorder.Milliseconds(now - startedAt),
            Error = $"{error.GetType().Name}: {error.Message}",
        }.Saying(message), ct);
        return new SyncEvent(SyncEventKind.Finished, claim.CharacterId, character.AccountId, SyncStatus.Error, At: now).Saying(message);
    }
}
