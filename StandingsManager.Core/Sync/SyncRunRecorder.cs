using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Writes a run record, the one way for the engine and for the scheduler's failure path alike: the run, its count in
/// the day's outcomes (what the month chart reads) for real syncs, and the trim to the last <see cref="KeptRuns"/>.
/// </summary>
public static class SyncRunRecorder
{
    public const int KeptRuns = 100;

    /// <summary>The longest status message a character row keeps.</summary>
    internal const int StatusLength = 1000;

    /// <summary>The longest message a run record keeps.</summary>
    internal const int MessageLength = 4000;

    /// <summary>
    /// Adds <paramref name="run"/> and saves it together with whatever else the caller changed in <paramref name="db"/>
    /// (the character's status), then counts and trims.
    /// </summary>
    internal static async Task RecordAsync(StandingsDbContext db, SyncRun run, CancellationToken ct)
    {
        run.Message = run.Message is null ? null : FreeText.Truncate(run.Message, MessageLength);
        run.Error = run.Error is null ? null : FreeText.Truncate(run.Error, 2000);
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);
        if (!run.DryRun)
            await SyncOutcomeDays.CountAsync(db, run.StartedAt, run.Outcome, ct);
        var cutoff = await db.SyncRuns.Where(r => r.CharacterId == run.CharacterId).OrderByDescending(r => r.Id)
            .Skip(KeptRuns - 1).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (cutoff is { } id)
            await db.SyncRuns.Where(r => r.CharacterId == run.CharacterId && r.Id < id).ExecuteDeleteAsync(ct);
    }

    internal static int Milliseconds(TimeSpan duration) => (int)Math.Clamp(duration.TotalMilliseconds, 0, int.MaxValue);
}
