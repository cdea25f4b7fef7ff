using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Dashboard;

/// <summary>
/// The dashboard charts' numbers, counted in the database. Sync outcomes and queue ages are for approvers (like the
/// queues and the sync card); the standings chart also for auditors, who may read the whole list anyway.
/// </summary>
public sealed class DashboardChartQueries(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, TimeProvider time)
{
    private static readonly SyncStatus[] Outcomes = [SyncStatus.Ok, SyncStatus.Warning, SyncStatus.Error];

    /// <summary>Real (not dry) sync runs by outcome, per UTC hour of the last day or per UTC day of the last 30, by start time.</summary>
    public async Task<CountChart> SyncOutcomesAsync(int actorAccountId, OutcomeSpan span, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Approver, () => CoreText.Get("Role.Needed.SeeSyncOutcomes"));

        var buckets = TimeBuckets.For(span, time.GetUtcNow());
        if (span == OutcomeSpan.Month)
        {
            // Days come from the daily counts: the run records themselves only reach back about two days.
            var first = DateOnly.FromDateTime(buckets.From.UtcDateTime);
            var days = await db.SyncOutcomeDays.AsNoTracking().Where(d => d.Day >= first).ToListAsync(ct);
            return CountChart.From(buckets.Labels(), Outcomes, days.Select(d => (d.Outcome, d.Day.DayNumber - first.DayNumber, d.Runs)), OutcomeName)
                with { Times = buckets.Starts() };
        }
        var rows = db.Database.IsNpgsql() ? await HourBucketsOnPostgreSqlAsync(db, buckets, ct) : await HourBucketsOnSqliteAsync(db, buckets, ct);

        return CountChart.From(buckets.Labels(), Outcomes, rows.Select(r => ((SyncStatus)r.Outcome, (int)r.Bucket, r.Runs)), OutcomeName)
            with { Times = buckets.Starts() };
    }

    /// <summary>A sync outcome as the chart's legend names it, in the reader's language.</summary>
    private static string OutcomeName(SyncStatus outcome) => outcome switch
    {
        SyncStatus.Ok => CoreText.Get("Chart.Outcome.Ok"),
        SyncStatus.Warning => CoreText.Get("Chart.Outcome.Warning"),
        SyncStatus.Error => CoreText.Get("Chart.Outcome.Error"),
        _ => outcome.ToString(),
    };

    /// <summary>Pending requests and revocations by how long they have waited, on one list or (null) all.</summary>
    public async Task<CountChart> QueueAgesAsync(int? listId, int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Approver, () => CoreText.Get("Role.Needed.SeeRequestWaits"));

        var now = time.GetUtcNow();
        var requests = await CountByAgeAsync(db.Requests.Where(r => r.Status == RequestStatus.Pending && (listId == null || r.ListId == listId))
            .Select(r => r.CreatedAt), now, ct);
        var revocations = await CountByAgeAsync(db.Revocations.Where(r => r.Status == RequestStatus.Pending && (listId == null || r.ListId == listId))
            .Select(r => r.CreatedAt), now, ct);
        return CountChart.From(QueueAge.Labels, [DecisionItem.Request, DecisionItem.Revocation],
            requests.Select(c => (DecisionItem.Request, c.Band, c.Count)).Concat(revocations.Select(c => (DecisionItem.Revocation, c.Band, c.Count))),
            item => item == DecisionItem.Request ? CoreText.Get("Chart.Series.Requests") : CoreText.Get("Chart.Series.Revocations"));
    }

    /// <summary>
    /// Standings entries by EVE's colour band, a series per entity type, on one list or (null) all: with all, an entity
    /// on two lists counts once for each, as each list holds it.
    /// </summary>
    public async Task<CountChart> StandingsByBandAsync(int? listId, int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        if (!actor.Has(Role.Approver) && !actor.Has(Role.Auditor))
            throw WorkflowException.Forbidden(CoreText.Get("Role.Needed.SeeStandingsChart"));

        // Standings take few distinct values (mostly -10, -5, 5, 10), so grouping by value keeps the result small and
        // leaves the band rule in one place, StandingScale.Band.
        var counts = await db.Standings.AsNoTracking()
            .Where(e => listId == null || e.ListId == listId)
            .GroupBy(e => new { e.EntityType, e.Standing })
            .Select(g => new { g.Key.EntityType, g.Key.Standing, Count = g.Count() })
            .ToListAsync(ct);
        return CountChart.From(BandNames(), Enum.GetValues<EntityType>(),
            counts.Select(c => (c.EntityType, (int)StandingScale.Band(c.Standing), c.Count)), TypeName);
    }

    /// <summary>EVE's standing bands, worst first, in the reader's language.</summary>
    private static string[] BandNames() =>
    [
        CoreText.Get("Chart.Band.Terrible"), CoreText.Get("Chart.Band.Bad"), CoreText.Get("Chart.Band.Neutral"),
        CoreText.Get("Chart.Band.Good"), CoreText.Get("Chart.Band.Excellent"),
    ];

    private static string TypeName(EntityType type) => type switch
    {
        EntityType.Character => CoreText.Get("Chart.Type.Character"),
        EntityType.Corporation => CoreText.Get("Chart.Type.Corporation"),
        _ => CoreText.Get("Chart.Type.Alliance"),
    };

    private static async Task<List<(int Band, int Count)>> CountByAgeAsync(IQueryable<DateTimeOffset> createdAt, DateTimeOffset now, CancellationToken ct)
    {
        // Waited at least an edge = created at or before now minus that edge (see QueueAge.Edges).
        var edges = QueueAge.Edges.Select(edge => now - edge).ToArray();
        DateTimeOffset hour = edges[0], day = edges[1], threeDays = edges[2], week = edges[3];
        var counts = await createdAt
            .Select(at => at > hour ? 0 : at > day ? 1 : at > threeDays ? 2 : at > week ? 3 : 4)
            .GroupBy(band => band)
            .Select(g => new { Band = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return [.. counts.Select(c => (c.Band, c.Count))];
    }

    // LINQ cannot do arithmetic on the stored form of a DateTimeOffset, so the hourly chart counts in SQL: a day of runs
    // for thousands of characters never leaves the database.
    private static Task<List<OutcomeCount>> HourBucketsOnSqliteAsync(StandingsDbContext db, TimeBuckets buckets, CancellationToken ct)
    {
        // The stored number grows linearly with UTC time (all our times are UTC), so a bucket is (StartedAt - From) / Width
        // in stored units.
        var toStored = db.Model.FindEntityType(typeof(SyncRun))!.FindProperty(nameof(SyncRun.StartedAt))!.GetTypeMapping().Converter;
        long Stored(DateTimeOffset at) => toStored is null ? at.UtcTicks : (long)toStored.ConvertToProvider(at)!;
        var from = Stored(buckets.From);
        var width = Stored(buckets.From + buckets.Width) - from;
        var to = Stored(buckets.To);
        return db.Database.SqlQuery<OutcomeCount>($"""
            SELECT ("StartedAt" - {from}) / {width} AS "Bucket", "Outcome", COUNT(*) AS "Runs"
            FROM "SyncRuns"
            WHERE "DryRun" = 0 AND "StartedAt" >= {from} AND "StartedAt" < {to}
            GROUP BY 1, 2
            """).ToListAsync(ct);
    }

    private static Task<List<OutcomeCount>> HourBucketsOnPostgreSqlAsync(StandingsDbContext db, TimeBuckets buckets, CancellationToken ct)
    {
        var widthSeconds = buckets.Width.TotalSeconds;
        return db.Database.SqlQuery<OutcomeCount>($"""
            SELECT floor(extract(epoch FROM ("StartedAt" - {buckets.From})) / {widthSeconds})::bigint AS "Bucket", "Outcome", COUNT(*)::int AS "Runs"
            FROM "SyncRuns"
            WHERE NOT "DryRun" AND "StartedAt" >= {buckets.From} AND "StartedAt" < {buckets.To}
            GROUP BY 1, 2
            """).ToListAsync(ct);
    }

    private sealed record OutcomeCount(long Bucket, int Outcome, int Runs);
}
