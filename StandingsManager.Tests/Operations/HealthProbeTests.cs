using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Operations;
using StandingsManager.Tests.Standings;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Operations;

public sealed class HealthProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_loop_that_stops_beating_makes_the_app_unhealthy()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var heartbeats = new ServiceHeartbeats(database.Time);
        var probe = Probe(database, heartbeats, Gate(database));
        heartbeats.Register("Scheduler", TimeSpan.FromMinutes(1));

        Assert.True((await probe.CheckAsync(Ct)).Healthy);
        database.Time.Advance(TimeSpan.FromMinutes(6));
        heartbeats.Beat("Scheduler");
        Assert.True((await probe.CheckAsync(Ct)).Healthy);

        // Two missed rounds plus the slack: the loop is dead, whatever the process says.
        database.Time.Advance(2 * TimeSpan.FromMinutes(1) + ServiceHeartbeats.Slack + TimeSpan.FromSeconds(1));
        var report = await probe.CheckAsync(Ct);
        Assert.False(report.Healthy);
        Assert.True(report.DatabaseReachable);
        var scheduler = Assert.Single(report.Services);
        Assert.Equal(("Scheduler", false), (scheduler.Service, scheduler.Alive));
        Assert.Equal(CoreTestDatabase.Start + TimeSpan.FromMinutes(6), scheduler.LastBeat);
    }

    [Fact]
    public async Task A_loop_that_never_beat_counts_from_its_registration()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var heartbeats = new ServiceHeartbeats(database.Time);
        heartbeats.Register("Refresher", TimeSpan.FromHours(1));

        database.Time.Advance(TimeSpan.FromHours(2));
        Assert.True(Assert.Single(heartbeats.Read()).Alive);
        database.Time.Advance(ServiceHeartbeats.Slack + TimeSpan.FromSeconds(1));
        Assert.False(Assert.Single(heartbeats.Read()).Alive);
    }

    [Fact]
    public async Task A_loop_that_beats_but_never_finishes_a_round_is_reported_and_dies_after_its_first_round_deadline()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var heartbeats = new ServiceHeartbeats(database.Time);
        var probe = Probe(database, heartbeats, Gate(database));
        heartbeats.Register("Validator", TimeSpan.FromHours(6), firstRoundWithin: TimeSpan.FromMinutes(30));

        database.Time.Advance(TimeSpan.FromMinutes(1));
        heartbeats.Beat("Validator"); // a round starts, and fails
        var starting = Assert.Single((await probe.CheckAsync(Ct)).Services);
        Assert.Null(starting.LastCompleted);
        Assert.True(starting.Alive);

        database.Time.Advance(TimeSpan.FromMinutes(30) + ServiceHeartbeats.Slack);
        heartbeats.Beat("Validator");
        var report = await probe.CheckAsync(Ct);
        Assert.False(report.Healthy);
        Assert.Equal((false, (DateTimeOffset?)null), (report.Services.Single().Alive, report.Services.Single().LastCompleted));

        heartbeats.Completed("Validator");
        var done = await probe.CheckAsync(Ct);
        Assert.True(done.Healthy);
        Assert.Equal(database.Time.GetUtcNow(), done.Services.Single().LastCompleted);
    }

    [Fact]
    public async Task A_loop_on_standby_is_alive_and_the_first_round_rule_counts_afresh_when_it_takes_the_work_over()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var heartbeats = new ServiceHeartbeats(database.Time);
        heartbeats.Register("Validator", TimeSpan.FromHours(6), firstRoundWithin: TimeSpan.FromMinutes(30));

        // Another instance runs the rounds: this one checks in, never finishes one, and is not dead for it.
        database.Time.Advance(TimeSpan.FromHours(2));
        heartbeats.Standby("Validator");
        var standing = Assert.Single(heartbeats.Read());
        Assert.Equal((true, true, (DateTimeOffset?)null), (standing.Alive, standing.Standby, standing.LastCompleted));

        // It takes the work over: from now on it has the first-round deadline to finish one.
        heartbeats.Beat("Validator");
        database.Time.Advance(TimeSpan.FromMinutes(30) + ServiceHeartbeats.Slack);
        Assert.True(Assert.Single(heartbeats.Read()).Alive);
        database.Time.Advance(TimeSpan.FromSeconds(1));
        heartbeats.Beat("Validator");
        var failing = Assert.Single(heartbeats.Read());
        Assert.Equal((false, false), (failing.Alive, failing.Standby));
        heartbeats.Completed("Validator");
        Assert.True(Assert.Single(heartbeats.Read()).Alive);
    }

    [Fact]
    public async Task The_report_says_when_the_gate_holds_every_call()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var gate = Gate(database);
        var probe = Probe(database, new ServiceHeartbeats(database.Time), gate);
        Assert.Equal(new EsiGateState(EsiGateStatus.Open, null, null), (await probe.CheckAsync(Ct)).Esi);

        using (var response = new HttpResponseMessage(HttpStatusCode.OK))
        {
            response.Headers.Add("X-ESI-Error-Limit-Remain", "5");
            response.Headers.Add("X-ESI-Error-Limit-Reset", "30");
            gate.Observe(new EsiBucketKey("char-contact", 1), response);
        }
        var paused = await probe.CheckAsync(Ct);
        Assert.Equal(EsiGateStatus.ErrorBudgetPaused, paused.Esi.Status);
        Assert.Equal(CoreTestDatabase.Start + TimeSpan.FromSeconds(31), paused.Esi.Until);
        Assert.Equal(5, paused.Esi.ErrorLimitRemain);
        // EVE's state, not ours: the app is still healthy while it waits.
        Assert.True(paused.Healthy);

        // 11:05 UTC the next day: Tranquility's downtime, until 11:20.
        database.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 11, 5, 0, TimeSpan.Zero));
        Assert.Equal(new EsiGateState(EsiGateStatus.Downtime, new DateTimeOffset(2026, 11, 25, 11, 20, 0, TimeSpan.Zero), 5), (await probe.CheckAsync(Ct)).Esi);
    }

    [Fact]
    public async Task The_gate_counts_responses_by_route_group_and_status()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var gate = Gate(database);
        foreach (var (group, status) in new[] { ("char-contact", 200), ("char-contact", 200), ("char-contact", 304), ("universe", 404) })
        {
            using var response = new HttpResponseMessage((HttpStatusCode)status);
            gate.Observe(new EsiBucketKey(group, 7), response);
        }
        Assert.Equal(
            [("char-contact", 200, 2L), ("char-contact", 304, 1L), ("universe", 404, 1L)],
            gate.ResponseCounts().OrderBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Status));
    }

    [Fact]
    public async Task Each_active_list_with_a_source_is_reported_and_a_stopped_one_is_degraded_without_naming_anyone()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var probe = Probe(database, new ServiceHeartbeats(database.Time), Gate(database));
        var blues = await PerListStandingsTests.AddListAsync(database, "Coalition Blues", ListSource.InGameContacts,
            problem: "Erin Admin's grant no longer reads the alliance's contacts.", readAt: CoreTestDatabase.Start);
        var wars = await PerListStandingsTests.AddListAsync(database, "War Targets", ListSource.WarTargets, readAt: CoreTestDatabase.Start);
        await PerListStandingsTests.AddListAsync(database, "Fresh Mirror", ListSource.InGameContacts);
        await using (var db = database.CreateDbContext())
        {
            db.Lists.Add(new StandingsList { Name = "Off", LabelName = "Off", Source = ListSource.WarTargets, Enabled = false, CreatedAt = CoreTestDatabase.Start });
            await db.SaveChangesAsync(Ct);
        }

        // Asked by a German browser: the report is for monitors, so its words stay English.
        HealthReport report;
        using (CoreLanguage.Speak("de"))
            report = await probe.CheckAsync(Ct);

        // A source that stopped is EVE's or a grant's state, not the app's: still healthy.
        Assert.True(report.Healthy);
        Assert.Equal(["Coalition Blues", "War Targets", "Fresh Mirror"], report.Lists.Select(l => l.List));
        var stopped = report.Lists[0];
        Assert.Equal((blues, "in-game contacts"), (stopped.ListId, stopped.Source));
        Assert.StartsWith("degraded: Coalition Blues stopped following its source", stopped.Status, StringComparison.Ordinal);
        Assert.DoesNotContain("Erin", stopped.Status, StringComparison.Ordinal);
        Assert.Equal((wars, "ok", (DateTimeOffset?)CoreTestDatabase.Start), (report.Lists[1].ListId, report.Lists[1].Status, report.Lists[1].ReadAt));
        Assert.Equal("not read yet", report.Lists[2].Status);
    }

    private static EsiGate Gate(CoreTestDatabase database) =>
        new(database.Time, Options.Create(new EsiClientOptions()), NullLogger<EsiGate>.Instance);

    private static HealthProbe Probe(CoreTestDatabase database, ServiceHeartbeats heartbeats, EsiGate gate) =>
        new(database, heartbeats, gate, database.Time, NullLogger<HealthProbe>.Instance);
}
