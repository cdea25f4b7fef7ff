using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Dashboard;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Dashboard;

/// <summary>The dashboard charts' counts, on real SQLite with a fake clock: UTC buckets, zeros for empty ones, roles from the database.</summary>
public sealed class DashboardChartQueriesTests : IAsyncLifetime
{
    private CoreTestDatabase database = null!;
    private DashboardChartQueries charts = null!;
    private Cast cast = null!;

    public async ValueTask InitializeAsync()
    {
        database = await CoreTestDatabase.CreateAsync();
        charts = database.Get<DashboardChartQueries>();
        cast = await database.SeedCastAsync();
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task RunsAsync(params (DateTimeOffset StartedAt, SyncStatus Outcome, bool DryRun)[] runs)
    {
        await using var db = database.CreateDbContext();
        foreach (var (startedAt, outcome, dryRun) in runs)
            db.SyncRuns.Add(new SyncRun { CharacterId = Cast.AliceMain, StartedAt = startedAt, FinishedAt = startedAt.AddSeconds(2), Outcome = outcome, DryRun = dryRun });
        await db.SaveChangesAsync(Ct);
        // As the engine records a run: its daily count too, for the month view.
        foreach (var (startedAt, outcome, _) in runs.Where(r => !r.DryRun))
            await SyncOutcomeDays.CountAsync(db, startedAt, outcome, Ct);
    }

    private static IReadOnlyList<int> Counts(CountChart chart, string series) => chart.Series.Single(s => s.Name == series).Counts;

    private static int[] Zeros(int count, params (int Index, int Value)[] set)
    {
        var counts = new int[count];
        foreach (var (index, value) in set)
            counts[index] = value;
        return counts;
    }

    [Fact]
    public async Task Sync_outcomes_per_hour_count_each_real_run_in_its_utc_hour_of_the_last_day()
    {
        // Half past noon: the last bar is the hour from 12:00, still filling; the first starts at 13:00 yesterday.
        database.Time.SetUtcNow(Start.AddMinutes(30));
        var firstHour = Start.AddHours(-23);
        await RunsAsync(
            (firstHour.AddTicks(-1), SyncStatus.Ok, false), // just before the window
            (firstHour, SyncStatus.Ok, false),
            (Start.AddHours(-7), SyncStatus.Error, false),
            (Start.AddTicks(-1), SyncStatus.Ok, false),
            (Start, SyncStatus.Ok, false),
            (Start.AddMinutes(29), SyncStatus.Warning, false),
            (Start.AddMinutes(10), SyncStatus.Error, true)); // a preview is no sync

        var chart = await charts.SyncOutcomesAsync(cast.Carol, OutcomeSpan.Day, Ct);

        Assert.Equal(24, chart.Labels.Count);
        Assert.Equal("13:00", chart.Labels[0]);
        Assert.Equal("05:00", chart.Labels[16]);
        Assert.Equal("12:00", chart.Labels[23]);
        Assert.Equal(["OK", "Warning", "Error"], chart.Series.Select(s => s.Name));
        Assert.Equal(Zeros(24, (0, 1), (22, 1), (23, 1)), Counts(chart, "OK"));
        Assert.Equal(Zeros(24, (23, 1)), Counts(chart, "Warning"));
        Assert.Equal(Zeros(24, (16, 1)), Counts(chart, "Error"));
    }

    [Fact]
    public async Task Sync_outcomes_per_day_count_each_real_run_in_its_utc_day_of_the_last_thirty()
    {
        database.Time.SetUtcNow(Start.AddHours(11)); // 23:00 on 24 Nov
        var firstDay = new DateTimeOffset(2026, 10, 26, 0, 0, 0, TimeSpan.Zero);
        await RunsAsync(
            (firstDay.AddTicks(-1), SyncStatus.Error, false),
            (firstDay, SyncStatus.Error, false),
            (firstDay.AddDays(1).AddTicks(-1), SyncStatus.Ok, false),
            (firstDay.AddDays(1), SyncStatus.Ok, false),
            (Start, SyncStatus.Warning, false),
            (Start.AddHours(10), SyncStatus.Warning, false));

        var chart = await charts.SyncOutcomesAsync(cast.Frank, OutcomeSpan.Month, Ct);

        Assert.Equal(30, chart.Labels.Count);
        Assert.Equal("26 Oct", chart.Labels[0]);
        Assert.Equal("24 Nov", chart.Labels[29]);
        Assert.Equal(Zeros(30, (0, 1), (1, 1)), Counts(chart, "OK"));
        Assert.Equal(Zeros(30, (29, 2)), Counts(chart, "Warning"));
        Assert.Equal(Zeros(30, (0, 1)), Counts(chart, "Error"));
    }

    [Fact]
    public async Task The_month_view_keeps_days_whose_run_records_were_trimmed_away()
    {
        database.Time.SetUtcNow(Start.AddHours(11)); // 23:00 on 24 Nov
        await using (var db = database.CreateDbContext())
        {
            // Counted as they ended; the engine has since trimmed those runs from its records.
            await SyncOutcomeDays.CountAsync(db, Start.AddDays(-20), SyncStatus.Ok, Ct);
            await SyncOutcomeDays.CountAsync(db, Start.AddDays(-20).AddHours(3), SyncStatus.Ok, Ct);
            await SyncOutcomeDays.CountAsync(db, Start.AddDays(-20), SyncStatus.Error, Ct);
            Assert.Equal(0, await db.SyncRuns.CountAsync(Ct));
        }

        var chart = await charts.SyncOutcomesAsync(cast.Frank, OutcomeSpan.Month, Ct);

        Assert.Equal(Zeros(30, (9, 2)), Counts(chart, "OK"));
        Assert.Equal(Zeros(30, (9, 1)), Counts(chart, "Error"));
    }

    [Fact]
    public async Task Without_runs_every_bucket_is_there_as_zero()
    {
        var chart = await charts.SyncOutcomesAsync(cast.Carol, OutcomeSpan.Day, Ct);

        Assert.False(chart.HasData);
        Assert.Equal(3, chart.Series.Count);
        Assert.All(chart.Series, s => Assert.Equal(Zeros(24), s.Counts));
    }

    [Fact]
    public async Task Queue_ages_count_pending_requests_and_revocations_by_how_long_they_waited()
    {
        await using (var db = database.CreateDbContext())
        {
            var now = database.Time.GetUtcNow();
            void Request(TimeSpan waited, RequestStatus status = RequestStatus.Pending) => db.Requests.Add(new StandingRequest
            {
                EntityId = 1_000 + db.ChangeTracker.Entries().Count(), EntityType = EntityType.Character, EntityName = "Someone",
                RequesterAccountId = cast.Alice, RequesterName = "Alice Main", CreatedAt = now - waited, Status = status,
            });
            void Revocation(TimeSpan waited) => db.Revocations.Add(new Revocation
            {
                EntityId = 2_000 + db.ChangeTracker.Entries().Count(), EntityType = EntityType.Character, EntityName = "Someone",
                RequestedByName = "System", Source = RevocationSource.System, CreatedAt = now - waited, Status = RequestStatus.Pending,
            });
            Request(TimeSpan.FromMinutes(59));
            Request(TimeSpan.FromHours(1)); // exactly an hour: the second band
            Request(TimeSpan.FromHours(23));
            Request(TimeSpan.FromDays(1));
            Request(TimeSpan.FromDays(3));
            Request(TimeSpan.FromDays(7));
            Request(TimeSpan.FromDays(90));
            Request(TimeSpan.FromDays(5), RequestStatus.Approved); // decided: waits no more
            Revocation(TimeSpan.FromDays(7).Subtract(TimeSpan.FromMilliseconds(1)));
            Revocation(TimeSpan.Zero);
            await db.SaveChangesAsync(Ct);
        }

        var chart = await charts.QueueAgesAsync(null, cast.Dave, Ct);

        Assert.Equal(["< 1 hour", "1-24 hours", "1-3 days", "3-7 days", "7+ days"], chart.Labels);
        Assert.Equal([1, 2, 1, 1, 2], Counts(chart, "Requests"));
        Assert.Equal([1, 0, 0, 1, 0], Counts(chart, "Revocations"));
    }

    [Fact]
    public async Task Standings_are_counted_by_colour_band_with_a_series_per_type()
    {
        await using (var db = database.CreateDbContext())
        {
            var id = 0L;
            void Entry(EntityType type, double standing) => db.Standings.Add(new StandingsEntry
            {
                EntityId = ++id, EntityType = type, EntityName = $"Entity {id}", Standing = standing, AddedByName = "Seed", AddedAt = Start,
            });
            Entry(EntityType.Alliance, -10);
            Entry(EntityType.Alliance, 10);
            Entry(EntityType.Corporation, -5);
            Entry(EntityType.Corporation, -0.5);
            Entry(EntityType.Character, 0);
            Entry(EntityType.Character, 5);
            Entry(EntityType.Character, 5);
            Entry(EntityType.Character, 7.5);
            await db.SaveChangesAsync(Ct);
        }

        var chart = await charts.StandingsByBandAsync(null, cast.Carol, Ct);

        Assert.Equal(["Terrible", "Bad", "Neutral", "Good", "Excellent"], chart.Labels);
        Assert.Equal([0, 0, 1, 2, 1], Counts(chart, "Character"));
        Assert.Equal([0, 2, 0, 0, 0], Counts(chart, "Corporation"));
        Assert.Equal([1, 0, 0, 0, 1], Counts(chart, "Alliance"));
    }

    [Fact]
    public async Task Members_see_no_chart_and_auditors_only_the_standings_one()
    {
        foreach (var outsider in new[] { cast.Alice, cast.Gina })
        {
            Assert.Equal(WorkflowError.Forbidden, (await Assert.ThrowsAsync<WorkflowException>(() => charts.SyncOutcomesAsync(outsider, OutcomeSpan.Day, Ct))).Error);
            Assert.Equal(WorkflowError.Forbidden, (await Assert.ThrowsAsync<WorkflowException>(() => charts.QueueAgesAsync(null, outsider, Ct))).Error);
        }
        Assert.Equal(WorkflowError.Forbidden, (await Assert.ThrowsAsync<WorkflowException>(() => charts.StandingsByBandAsync(null, cast.Alice, Ct))).Error);

        Assert.Equal(5, (await charts.StandingsByBandAsync(null, cast.Gina, Ct)).Labels.Count);
        // A configured administrator, with no role stored, sees them all.
        Assert.Equal(24, (await charts.SyncOutcomesAsync(cast.Erin, OutcomeSpan.Day, Ct)).Labels.Count);
        Assert.Equal(5, (await charts.QueueAgesAsync(null, cast.Erin, Ct)).Labels.Count);
    }

    [Fact]
    public async Task A_role_taken_away_in_the_database_is_refused_at_once()
    {
        await using (var db = database.CreateDbContext())
        {
            db.AccountRoles.RemoveRange(db.AccountRoles.Where(r => r.AccountId == cast.Carol));
            await db.SaveChangesAsync(Ct);
        }

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => charts.SyncOutcomesAsync(cast.Carol, OutcomeSpan.Day, Ct));
        Assert.Contains("Approver role", refused.Message, StringComparison.Ordinal);
    }
}
