using StandingsManager.App.Background;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;
using static StandingsManager.Tests.Sync.SchedulerRig;

namespace StandingsManager.Tests.Sync;

public sealed class SyncSchedulerTests
{
    private static void AssertNextSyncInInterval(SyncedCharacter row, DateTimeOffset finishedAt)
    {
        Assert.NotNull(row.NextSyncAt);
        Assert.InRange(row.NextSyncAt.Value, finishedAt + Interval * 0.9, finishedAt + Interval * 1.1);
    }

    [Fact]
    public async Task A_due_character_runs_and_one_not_yet_due_waits_for_its_time()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        await rig.SeedAsync(Due(1), Due(2, dueIn: TimeSpan.FromMinutes(10)));
        await rig.AddInstance().StartAsync();

        await EventuallyAsync(() => rig.Engine.RunsOf(1) == 1, "the due character ran");
        await rig.SettledAsync();
        Assert.Equal([1L], rig.Engine.Entered);

        await rig.AdvanceWhenWaitingAsync(TimeSpan.FromMinutes(10));
        await EventuallyAsync(() => rig.Engine.RunsOf(2) == 1, "the second character ran once its time came");
        await rig.SettledAsync();
        Assert.Equal([1L, 2L], rig.Engine.Entered);
    }

    [Fact]
    public async Task An_idle_scheduler_wakes_only_for_its_heartbeat()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        await rig.AddInstance().StartAsync();

        await EventuallyAsync(() => rig.Time.NextDue is not null, "the scheduler sleeps");
        Assert.Equal(Start + SyncScheduler.MaxIdle, rig.Time.NextDue);
        Assert.True(SyncScheduler.MaxIdle <= TimeSpan.FromSeconds(20), "the heartbeat is written at least every 20 s");
    }

    [Fact]
    public async Task The_scheduler_sleeps_until_the_next_due_time_but_never_longer_than_its_heartbeat()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        await rig.SeedAsync(Due(1, dueIn: TimeSpan.FromSeconds(10)), Due(2, dueIn: TimeSpan.FromMinutes(10)));
        await rig.AddInstance().StartAsync();

        await EventuallyAsync(() => rig.Time.NextDue is not null, "the scheduler sleeps");
        Assert.Equal(Start + TimeSpan.FromSeconds(10), rig.Time.NextDue);
        rig.Time.Advance(TimeSpan.FromSeconds(10));
        await EventuallyAsync(() => rig.Engine.RunsOf(1) == 1, "the first character ran at its time");
        await rig.SettledAsync();
        await EventuallyAsync(() => rig.Time.NextDue == Start + TimeSpan.FromSeconds(10) + SyncScheduler.MaxIdle,
            "the scheduler sleeps until its next heartbeat, not the ten minutes until the second character");
    }

    [Fact]
    public async Task After_a_run_the_next_sync_is_one_interval_on_give_or_take_ten_percent_and_not_the_same_for_all()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        var ids = Enumerable.Range(1, 20).Select(i => (long)i).ToArray();
        await rig.SeedAsync([.. ids.Select(id => Due(id))]);
        await rig.AddInstance().StartAsync();

        await EventuallyAsync(() => rig.Engine.Entered.Count == ids.Length, "every character ran");
        await rig.SettledAsync();

        var rows = await rig.RowsAsync();
        Assert.All(rows, r => AssertNextSyncInInterval(r, Start));
        Assert.All(rows, r => Assert.Null(r.LeaseOwner));
        Assert.True(rows.Select(r => r.NextSyncAt).Distinct().Count() > ids.Length / 2, "the next sync times are spread, not one constant");
    }

    [Fact]
    public async Task One_character_is_never_synced_twice_at_once_and_a_sync_now_during_its_run_brings_one_more_run()
    {
        await using var rig = await SchedulerRig.CreateAsync(maxParallel: 4);
        await rig.SeedAsync(Due(1));
        var instance = await rig.AddInstance().StartAsync();
        rig.Engine.CloseGate();
        await EventuallyAsync(() => rig.Engine.Running == 1, "the slow sync started");

        // Asked again while it runs, and the loop woken by ticks and triggers: it must not enter the engine again.
        Assert.Equal(1, await instance.DueSoon.MakeDueNowAsync([1], Ct));
        for (var i = 0; i < 3; i++)
            await rig.AdvanceWhenWaitingAsync(SyncScheduler.Tick);
        await instance.DueSoon.MakeDueNowAsync([1], Ct);
        Assert.Equal(1, rig.Engine.RunsOf(1));

        rig.Engine.OpenGate();
        await EventuallyAsync(() => rig.Engine.RunsOf(1) == 2, "the character ran again for the sync now asked during its run");
        await rig.SettledAsync();
        Assert.Equal(0, rig.Engine.Overlaps);
        AssertNextSyncInInterval(await rig.RowAsync(1), rig.Time.GetUtcNow());
    }

    [Fact]
    public async Task Never_more_than_MaxParallelSyncs_run_at_once()
    {
        await using var rig = await SchedulerRig.CreateAsync(maxParallel: 3);
        var ids = Enumerable.Range(1, 30).Select(i => (long)i).ToArray();
        await rig.SeedAsync([.. ids.Select(id => Due(id))]);
        rig.Engine.CloseGate();
        rig.Engine.Body = (_, ct) => Task.Delay(2, ct); // real work takes a moment, so runs do overlap
        await rig.AddInstance().StartAsync();

        await EventuallyAsync(() => rig.Engine.Running == 3, "the pool filled");
        rig.Engine.OpenGate();
        await EventuallyAsync(() => rig.Engine.Entered.Count == ids.Length, "every character ran");
        await rig.SettledAsync();

        Assert.Equal(3, rig.Engine.MaxRunning);
        Assert.Equal(ids, rig.Engine.Entered.Order());
    }

    [Fact]
    public async Task A_lease_is_held_while_its_owner_beats_and_free_a_minute_after_its_last_heartbeat()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        var expired = Due(1);
        expired.LeaseOwner = "crashed-host/41/0";
        expired.LeaseUntil = Start - TimeSpan.FromSeconds(1);
        var crashed = Due(2);
        crashed.LeaseOwner = "killed-host/43/0"; // a lease with ten minutes to go, whose owner never beat (killed before)
        crashed.LeaseUntil = Start + SyncLeases.Duration;
        var live = Due(3);
        live.LeaseOwner = "other-host/42/0";
        live.LeaseUntil = Start + SyncLeases.Duration;
        await rig.SeedAsync(expired, crashed, live);
        await rig.BeatAsync("other-host/42/0");
        await rig.AddInstance().StartAsync();

        await EventuallyAsync(() => rig.Engine.RunsOf(1) == 1 && rig.Engine.RunsOf(2) == 1, "the expired and the ownerless leases were taken over");
        await EventuallyAsync(async () => (await rig.RowAsync(2)).LeaseOwner is null, "the taken-over lease was released");
        Assert.Equal(0, rig.Engine.RunsOf(3));

        // The other instance beats for a while: past a minute from its claim, its lease is still its own.
        await rig.AdvanceUntilAsync(() => rig.Time.GetUtcNow() >= Start + TimeSpan.FromSeconds(45), Start + TimeSpan.FromSeconds(45), "45 s on");
        await rig.BeatAsync("other-host/42/0");
        var lastBeat = rig.Time.GetUtcNow();
        await rig.AdvanceUntilAsync(() => rig.Time.GetUtcNow() >= lastBeat + SyncLeases.DeadAfter, lastBeat + SyncLeases.DeadAfter, "a minute after its last beat");
        Assert.Equal(0, rig.Engine.RunsOf(3));
        Assert.Equal("other-host/42/0", (await rig.RowAsync(3)).LeaseOwner);

        // Then it stops beating (killed): its character is taken over at the next round, long before its lease ends.
        await rig.AdvanceUntilAsync(() => rig.Engine.RunsOf(3) == 1, lastBeat + SyncLeases.DeadAfter + SyncScheduler.MaxIdle, "the dead instance's character was taken over");
        await rig.SettledAsync();
        Assert.True(rig.Time.GetUtcNow() < Start + SyncLeases.Duration);
    }

    [Fact]
    public void Retry_waits_grow_1_2_4_8_minutes_within_the_jitter_and_stop_at_the_interval()
    {
        var interval = TimeSpan.FromMinutes(30);
        foreach (var sample in new[] { 0, 0.25, 0.5, 0.999_999 })
        {
            foreach (var (failures, minutes) in new[] { (1, 1), (2, 2), (3, 4), (4, 8), (5, 16) })
            {
                var wait = SyncSchedule.RetryDelay(failures, interval, sample);
                Assert.InRange(wait, TimeSpan.FromMinutes(minutes) * (1 - SyncSchedule.Jitter), TimeSpan.FromMinutes(minutes) * (1 + SyncSchedule.Jitter));
            }
            // 32 minutes would be past the interval: the interval it is, however long ESI stays down.
            Assert.Equal(interval, SyncSchedule.RetryDelay(6, interval, sample));
            Assert.Equal(interval, SyncSchedule.RetryDelay(10_000, interval, sample));
        }
        // The middle of the jitter is the plain doubling; its ends differ, so characters failing together drift apart.
        Assert.Equal([1, 2, 4, 8], [.. Enumerable.Range(1, 4).Select(n => SyncSchedule.RetryDelay(n, interval, 0.5).TotalMinutes)]);
        Assert.True(SyncSchedule.RetryDelay(3, interval, 0) < SyncSchedule.RetryDelay(3, interval, 0.9));
        // A short interval caps the very first retry.
        Assert.Equal(TimeSpan.FromSeconds(30), SyncSchedule.RetryDelay(1, TimeSpan.FromSeconds(30), 0.5));
    }

    [Fact]
    public async Task A_failed_sync_is_retried_after_1_2_4_8_minutes_and_a_success_resets_it_to_the_interval()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        await rig.SeedAsync(Due(1));
        rig.Engine.Outcome = _ => SyncStatus.Error; // ESI answering 5xx, say
        await rig.AddInstance().StartAsync();

        foreach (var (run, minutes) in new[] { (1, 1), (2, 2), (3, 4), (4, 8) })
        {
            var from = rig.Time.GetUtcNow();
            await rig.AdvanceUntilAsync(() => rig.Engine.RunsOf(1) == run, from + TimeSpan.FromMinutes(minutes) * 1.1 + SyncScheduler.MaxIdle, $"try {run}");
            await rig.SettledAsync();
            var failedAt = rig.Time.GetUtcNow();
            var row = await rig.RowAsync(1);
            Assert.Equal(run, row.FailedRuns);
            Assert.InRange(row.NextSyncAt!.Value - failedAt, TimeSpan.FromMinutes(minutes) * 0.9, TimeSpan.FromMinutes(minutes) * 1.1);
        }

        rig.Engine.Outcome = _ => SyncStatus.Ok;
        var last = rig.Time.GetUtcNow();
        await rig.AdvanceUntilAsync(() => rig.Engine.RunsOf(1) == 5, last + TimeSpan.FromMinutes(8) * 1.1 + SyncScheduler.MaxIdle, "the try that works");
        await rig.SettledAsync();
        var recovered = await rig.RowAsync(1);
        Assert.Equal(0, recovered.FailedRuns);
        AssertNextSyncInInterval(recovered, rig.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_list_change_makes_a_backed_off_character_due_within_a_minute()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        var backedOff = Due(1, dueIn: TimeSpan.FromMinutes(16));
        backedOff.FailedRuns = 5;
        await rig.SeedAsync(backedOff);
        rig.Engine.Outcome = _ => SyncStatus.Error;
        var instance = await rig.AddInstance().StartAsync();

        await instance.StandingsEvents.PublishAsync(new StandingsChange(StandingsChangeKind.Entries));

        Assert.InRange((await rig.RowAsync(1)).NextSyncAt!.Value, Start, Start + SyncDueSoon.Spread);
        await rig.AdvanceUntilAsync(() => rig.Engine.RunsOf(1) == 1, Start + SyncDueSoon.Spread, "the backed-off character ran within the minute");
        await rig.SettledAsync();
        // Still failing: the backoff goes on from where it was (the change did not count as a success).
        var row = await rig.RowAsync(1);
        Assert.Equal(6, row.FailedRuns);
        Assert.Equal(SchedulerRig.Interval, SyncSchedule.RetryDelay(6, SchedulerRig.Interval, 0.5));
        Assert.InRange(row.NextSyncAt!.Value - rig.Time.GetUtcNow(), SchedulerRig.Interval * 0.9, SchedulerRig.Interval);
    }

    [Fact]
    public async Task Stopping_cancels_the_running_sync_and_gives_every_lease_back()
    {
        await using var rig = await SchedulerRig.CreateAsync(maxParallel: 1);
        await rig.SeedAsync(Due(1, dueIn: TimeSpan.FromMinutes(-3)), Due(2, dueIn: TimeSpan.FromMinutes(-2)), Due(3));
        rig.Engine.CloseGate();
        var instance = await rig.AddInstance().StartAsync();
        await EventuallyAsync(() => rig.Engine.Running == 1, "the first sync started");
        Assert.Contains((await rig.RowsAsync()), r => r.LeaseOwner == instance.Leases.Owner && r.CharacterId != 1); // one claimed ahead

        await instance.StopAsync();

        Assert.Equal([1L], rig.Engine.Cancelled);
        Assert.Equal([1L], rig.Engine.Entered);
        var rows = await rig.RowsAsync();
        Assert.All(rows, r => Assert.Null(r.LeaseOwner));
        Assert.All(rows, r => Assert.Null(r.LeaseUntil));
        // Cancelled, not failed: still due for the next start, no error recorded.
        Assert.Equal(Start - TimeSpan.FromMinutes(3), rows[0].NextSyncAt);
        Assert.Equal(SyncStatus.Pending, rows[0].Status);
        Assert.Empty(await rig.RunsAsync(1));
    }

    [Fact]
    public async Task A_sync_that_throws_is_recorded_on_its_character_and_the_others_still_run()
    {
        await using var rig = await SchedulerRig.CreateAsync(maxParallel: 1);
        await rig.SeedAsync(Due(1, dueIn: TimeSpan.FromMinutes(-3)), Due(2, dueIn: TimeSpan.FromMinutes(-2)), Due(3));
        rig.Engine.Body = (id, _) => id == 2 ? throw new InvalidOperationException("engine bug") : Task.CompletedTask;
        var instance = rig.AddInstance();
        var finished = new List<SyncEvent>();
        using var _ = instance.SyncEvents.Subscribe(e => { lock (finished) finished.Add(e); return Task.CompletedTask; });
        await instance.StartAsync();

        await EventuallyAsync(() => rig.Engine.Entered.Count == 3, "every character ran");
        await rig.SettledAsync();

        var failed = await rig.RowAsync(2);
        Assert.Equal(SyncStatus.Error, failed.Status);
        Assert.Contains("engine bug", failed.StatusMessage);
        Assert.Equal(Start, failed.LastSyncAt);
        // A failed run is retried with the backoff: the first retry a minute on.
        Assert.Equal(1, failed.FailedRuns);
        Assert.InRange(failed.NextSyncAt!.Value, Start + TimeSpan.FromSeconds(54), Start + TimeSpan.FromSeconds(66));
        var run = Assert.Single(await rig.RunsAsync(2));
        Assert.Equal(SyncStatus.Error, run.Outcome);
        Assert.Contains("InvalidOperationException: engine bug", run.Error);
        // Recorded like every run, so the month chart counts it too.
        Assert.Equal(1, (await rig.OutcomeDayAsync(SyncStatus.Error))?.Runs);
        var published = Assert.Single(finished);
        Assert.Equal((SyncEventKind.Finished, 2L, SyncStatus.Error), (published.Kind, published.CharacterId, published.Status));
        // The page hears what the row now says, in the reader's language, not the bare exception.
        Assert.Equal(failed.StatusMessage, published.Message);
        using (CoreLanguage.Speak("de"))
            Assert.Equal(failed.ShownStatusMessage, published.ShownMessage);
        Assert.Equal(SyncStatus.Pending, (await rig.RowAsync(3)).Status); // the engine, not the scheduler, records a good run

        // The loop lives on: within one interval every character runs again. The clock steps from timer to timer: a single
        // jump could land while the loop is still working out its next wait, which it would then wait on a clock that
        // never moves again.
        await rig.AdvanceUntilAsync(() => rig.Engine.Entered.Count >= 6, Start + Interval * 1.1 + SyncScheduler.MaxIdle, "every character ran again");
        Assert.False(instance.Scheduler.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task The_loop_outlives_a_database_outage_and_syncs_once_the_database_is_back()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        await rig.SeedAsync(Due(1));
        rig.DatabaseDown = true;
        var instance = await rig.AddInstance().StartAsync();

        for (var i = 0; i < 3; i++)
            await rig.AdvanceWhenWaitingAsync(SyncScheduler.Tick);
        Assert.Empty(rig.Engine.Entered);
        Assert.False(instance.Scheduler.ExecuteTask!.IsCompleted);

        rig.DatabaseDown = false;
        await rig.AdvanceWhenWaitingAsync(SyncScheduler.Tick);
        await EventuallyAsync(() => rig.Engine.RunsOf(1) == 1, "the character ran once the database was back");
        await rig.SettledAsync();
    }

    [Fact]
    public async Task A_list_change_makes_every_enabled_character_due_soon_a_second_apart_and_leaves_disabled_ones_alone()
    {
        await using var rig = await SchedulerRig.CreateAsync(maxParallel: 2);
        var enabled = Enumerable.Range(1, 10).Select(i => (long)i).ToArray();
        var later = TimeSpan.FromMinutes(20);
        await rig.SeedAsync([.. enabled.Select(id => Due(id, later)), Due(11, later, enabled: false), Due(12, TimeSpan.FromMinutes(-5), enabled: false)]);
        var instance = rig.AddInstance();
        var queued = new List<long>();
        using var _ = instance.SyncEvents.Subscribe(e =>
        {
            if (e.Kind == SyncEventKind.Queued)
                lock (queued) queued.Add(e.CharacterId);
            return Task.CompletedTask;
        });
        await instance.StartAsync();
        rig.Engine.CloseGate(); // the first character due holds its worker while the schedule is read

        await instance.StandingsEvents.PublishAsync(new StandingsChange(StandingsChangeKind.Entries));

        var rows = await rig.RowsAsync();
        var offsets = rows.Where(r => r.Enabled).Select(r => r.NextSyncAt!.Value - Start).Order().ToList();
        // Ten characters: a second apart (a small corporation sees the change within seconds; many spread over a minute).
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => TimeSpan.FromSeconds(i))], offsets);
        Assert.Equal(Start + later, rows.Single(r => r.CharacterId == 11).NextSyncAt);
        Assert.Equal(Start - TimeSpan.FromMinutes(5), rows.Single(r => r.CharacterId == 12).NextSyncAt);
        Assert.Equal(enabled, queued.Order());

        // Other kinds of change leave the schedule alone.
        await instance.StandingsEvents.PublishAsync(new StandingsChange(StandingsChangeKind.Requests));
        Assert.Equal(10, queued.Count);

        rig.Engine.OpenGate();
        await rig.AdvanceUntilAsync(() => rig.Engine.Entered.Count == 10, Start + SyncDueSoon.Spread, "every enabled character ran within the minute");
        await rig.SettledAsync();
        Assert.Equal(enabled, rig.Engine.Entered.Order());
    }

    [Fact]
    public async Task Sync_now_runs_only_the_enabled_characters_asked_for_without_waiting_for_a_tick()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        var later = TimeSpan.FromMinutes(20);
        await rig.SeedAsync(Due(1, later), Due(2, later), Due(3, later, enabled: false));
        var instance = await rig.AddInstance().StartAsync();

        Assert.Equal(1, await instance.DueSoon.MakeDueNowAsync([1, 3], Ct));

        await EventuallyAsync(() => rig.Engine.RunsOf(1) == 1, "the character asked for ran");
        await rig.SettledAsync();
        Assert.Equal([1L], rig.Engine.Entered);
        Assert.Equal(Start + later, (await rig.RowAsync(3)).NextSyncAt);
    }

    [Fact]
    public async Task Two_schedulers_on_one_database_never_sync_one_character_twice_at_once()
    {
        await using var rig = await SchedulerRig.CreateAsync(maxParallel: 4);
        var ids = Enumerable.Range(1, 80).Select(i => (long)i).ToArray();
        await rig.SeedAsync([.. ids.Select(id => Due(id))]);
        rig.Engine.Body = (id, ct) => Task.Delay((int)(id % 3) + 1, ct); // real, uneven durations so the two interleave
        var first = rig.AddInstance();
        var second = rig.AddInstance();
        Assert.NotEqual(first.Leases.Owner, second.Leases.Owner);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        await EventuallyAsync(() => rig.Engine.Entered.Count >= ids.Length, "every character ran");
        await rig.SettledAsync();
        Assert.Equal(ids, rig.Engine.Entered.Order());

        // Again, all due at once: the first instance is woken by the trigger, the second by its idle timer.
        await first.DueSoon.MakeDueNowAsync(ids, Ct);
        await rig.AdvanceWhenWaitingAsync(SyncScheduler.MaxIdle);
        await EventuallyAsync(() => rig.Engine.Entered.Count >= 2 * ids.Length, "every character ran again");
        await rig.SettledAsync();

        Assert.Equal(0, rig.Engine.Overlaps);
        Assert.All(ids, id => Assert.Equal(2, rig.Engine.RunsOf(id)));
    }

    [Fact]
    public async Task An_instance_that_loses_the_characters_it_read_to_another_claims_the_next_due_ones_at_once()
    {
        await using var rig = await SchedulerRig.CreateAsync();
        await rig.SeedAsync([.. Enumerable.Range(1, 8).Select(i => Due(i, dueIn: TimeSpan.FromMinutes(-10 + i)))]);
        var a = rig.AddInstance();
        var b = rig.AddInstance();
        await a.Leases.BeatAsync(Ct);
        // B reads the four most overdue; between that read and its claim, A claims those same four.
        var contexts = 0;
        b.Database.BeforeEachContext = async () =>
        {
            if (++contexts == 2)
                await a.Leases.TryClaimDueAsync([1, 2, 3, 4], Ct);
        };

        var claimed = await b.Schedule.ClaimDueAsync(4, [], Ct);

        // Not nothing until its next wake-up, a heartbeat away, while four characters are due.
        Assert.Equal([5L, 6L, 7L, 8L], claimed.Select(c => c.CharacterId));
        var rows = await rig.RowsAsync();
        Assert.All(rows.Take(4), r => Assert.Equal(a.Leases.Owner, r.LeaseOwner));
        Assert.All(rows.Skip(4), r => Assert.Equal(b.Leases.Owner, r.LeaseOwner));
    }
}
