using StandingsManager.Core.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>
/// How contact sync is doing, for the dashboard. Each enabled character counts once: Error first, then stale (no success
/// within <c>SyncTimeoutMinutes</c>), then Warning, OK, or Pending (new, not yet synced and not yet stale).
/// </summary>
/// <param name="UpToDate">Enabled characters that already carry the current list ("synced to n of m").</param>
/// <param name="Enabled">Enabled characters: the m of "synced to n of m".</param>
/// <param name="ListChangedAt">The last change to the standings list; null while it has never changed.</param>
public sealed record SyncHealthSnapshot(
    int Ok,
    int Warning,
    int Error,
    int Stale,
    int Pending,
    int Disabled,
    int Running,
    int UpToDate,
    int Enabled,
    DateTimeOffset? ListChangedAt);

public sealed class SyncHealthQueries(
    IDbContextFactory<StandingsDbContext> dbFactory,
    ActorLoader actors,
    SyncActivity activity,
    IOptions<StandingsOptions> options,
    TimeProvider time)
{
    /// <summary>Audit actions that change the desired set; removals leave no entry row behind, only their audit row.</summary>
    private static readonly AuditAction[] ListChanges =
        [AuditAction.EntryAdded, AuditAction.EntryEdited, AuditAction.EntryRemoved, AuditAction.RequestApproved, AuditAction.RevocationApproved];

    private enum Bucket
    {
        Ok,
        Warning,
        Error,
        Stale,
        Pending,
        Disabled,
    }

    /// <summary>The counts; a character is up to date when it last succeeded after the last list change.</summary>
    public async Task<SyncHealthSnapshot> GetAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Approver, () => CoreText.Get("Role.Needed.SeeSyncHealth"));

        var staleBefore = SyncStaleness.StaleBefore(options.Value, time.GetUtcNow());
        var counts = await db.SyncedCharacters.AsNoTracking()
            .Select(s => !s.Enabled || s.Status == SyncStatus.Disabled ? Bucket.Disabled
                : s.Status == SyncStatus.Error ? Bucket.Error
                : (s.LastSuccessAt ?? s.CreatedAt) < staleBefore ? Bucket.Stale
                : s.Status == SyncStatus.Warning ? Bucket.Warning
                : s.Status == SyncStatus.Ok ? Bucket.Ok
                : Bucket.Pending)
            .GroupBy(b => b)
            .Select(g => new { Bucket = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Bucket, g => g.Count, ct);

        var lastEntryAt = await db.Standings.MaxAsync(e => (DateTimeOffset?)e.AddedAt, ct);
        var lastAuditAt = await db.Audit.Where(a => ListChanges.Contains(a.Action)).MaxAsync(a => (DateTimeOffset?)a.At, ct);
        var listChangedAt = new[] { lastEntryAt, lastAuditAt }.Max(); // nulls are skipped

        var enabled = db.SyncedCharacters.Where(s => s.Enabled && s.Status != SyncStatus.Disabled);
        var upToDate = listChangedAt is { } changedAt ? enabled.Where(s => s.LastSuccessAt > changedAt)
            : enabled.Where(s => s.LastSuccessAt != null);

        int Count(Bucket bucket) => counts.GetValueOrDefault(bucket);
        return new SyncHealthSnapshot(
            Count(Bucket.Ok), Count(Bucket.Warning), Count(Bucket.Error), Count(Bucket.Stale), Count(Bucket.Pending), Count(Bucket.Disabled),
            activity.Running.Count,
            await upToDate.CountAsync(ct),
            counts.Where(c => c.Key != Bucket.Disabled).Sum(c => c.Value),
            listChangedAt);
    }
}
