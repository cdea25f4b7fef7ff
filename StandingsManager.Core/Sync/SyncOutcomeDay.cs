using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>
/// How many real syncs ended with <see cref="Outcome"/> on one UTC day. Kept apart from the run records, which are
/// trimmed to the last 100 per character (about two days at the default interval): the month chart needs 30 days.
/// </summary>
public sealed class SyncOutcomeDay
{
    public DateOnly Day { get; set; }
    public SyncStatus Outcome { get; set; }
    public int Runs { get; set; }
}

internal static class SyncOutcomeDays
{
    /// <summary>Counts one finished run; an upsert, so parallel workers never lose a count.</summary>
    public static Task CountAsync(StandingsDbContext db, DateTimeOffset startedAt, SyncStatus outcome, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(startedAt.UtcDateTime);
        var status = (int)outcome;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SyncOutcomeDays" ("Day", "Outcome", "Runs") VALUES ({day}, {status}, 1)
            ON CONFLICT ("Day", "Outcome") DO UPDATE SET "Runs" = "SyncOutcomeDays"."Runs" + 1
            """, ct);
    }
}
