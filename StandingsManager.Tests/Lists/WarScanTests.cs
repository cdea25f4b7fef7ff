using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Lists;

namespace StandingsManager.Tests.Lists;

/// <summary>The war scan against the simulated ESI over real HTTP, on a fake clock: cold scan, restart, warm cycles, pacing, failures.</summary>
public sealed class WarScanTests : IAsyncLifetime
{
    private WarScanRig _rig = null!;

    public ValueTask InitializeAsync()
    {
        _rig = new WarScanRig();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cold_scan_reads_every_war_once_and_makes_the_demo_alliances_targets_red()
    {
        await _rig.CreateListAsync();

        var steps = await _rig.StepUntilIdleAsync();

        var entries = await _rig.EntriesAsync();
        Assert.Equal([DemoEsiWars.NeutralTradersId, DemoEsiWars.PirateMenaceId, DemoEsiWars.CrowdIndustriesId], entries.Keys.Order());
        Assert.All(entries.Values, e => Assert.Equal(-10, e.Standing));
        Assert.Equal(EntityType.Corporation, entries[DemoEsiWars.PirateMenaceId].EntityType);
        Assert.Equal("Pirate Menace", entries[DemoEsiWars.PirateMenaceId].EntityName);
        Assert.Contains($"war #{_rig.Wars.DefendedWarId}", entries[DemoEsiWars.PirateMenaceId].Notes, StringComparison.Ordinal);
        // Crowd Industries is the ally in our attack and the aggressor of the pending war: both are named.
        Assert.Contains($"war #{_rig.Wars.AttackWarId}", entries[DemoEsiWars.CrowdIndustriesId].Notes, StringComparison.Ordinal);
        Assert.Contains($"war #{_rig.Wars.PendingWarId}", entries[DemoEsiWars.CrowdIndustriesId].Notes, StringComparison.Ordinal);
        var warReads = steps.Where(s => s.Action.Kind == WarScanActionKind.ReadWar).Select(s => s.Action.WarId).ToList();
        Assert.Equal(300, warReads.Distinct().Count());
        Assert.Equal(warReads.Count, warReads.Distinct().Count());
        Assert.Equal(warReads.OrderByDescending(id => id), warReads);
        var list = await _rig.ListAsync();
        Assert.NotNull(list.SourceReadAt);
        Assert.Null(list.SourceProblem);
    }

    [Fact]
    public async Task Targets_appear_as_soon_as_their_war_is_read_while_the_scan_goes_on()
    {
        await _rig.CreateListAsync();

        // The demo alliance's wars are the newest ids: after the first page and four wars they are all read.
        await _rig.StepUntilAsync(async _ => (await _rig.EntriesAsync()).Count == 3);

        Assert.True(await _rig.UnreadAsync() > 250, "the targets should show long before the cold scan ends");
    }

    [Fact]
    public async Task Without_pending_wars_the_pending_aggressor_counts_only_through_its_other_war()
    {
        await _rig.CreateListAsync(includePending: false);
        _rig.Wars.Finish(_rig.Wars.AttackWarId, _rig.Now.AddMinutes(-1));

        await _rig.StepUntilIdleAsync();

        Assert.Equal([DemoEsiWars.PirateMenaceId], (await _rig.EntriesAsync()).Keys);
    }

    [Fact]
    public async Task A_restart_does_not_rescan_and_a_warm_cycle_is_304s_and_new_ids_only()
    {
        await _rig.CreateListAsync();
        await _rig.StepUntilIdleAsync();
        int watched;
        await using (var db = await _rig.Db.CreateDbContextAsync(Ct))
            watched = await db.Set<KnownWar>().CountAsync(w => w.Watch, Ct);
        _rig.NewScan();
        var added = _rig.Wars.Add(DemoWarParty.Alliance(DemoUniverse.HomeAllianceId), DemoWarParty.Corporation(DemoEsiWars.PirateMenaceId), started: _rig.Now);

        // An hour on, every cached answer has expired: the warm cycle asks each watched war and the first page again.
        _rig.Esi.Time.Advance(TimeSpan.FromHours(1));
        var steps = await _rig.StepUntilIdleAsync();

        var calls = steps.Where(s => s.Action.Kind != WarScanActionKind.Wait).ToList();
        var pages = calls.Where(s => s.Action.Kind == WarScanActionKind.ReadPage).ToList();
        Assert.Single(pages);
        Assert.False(pages[0].NotModified); // the new war changed the first page
        Assert.Equal([added], calls.Where(s => s.Action.Kind == WarScanActionKind.ReadWar && s.Action.ETag is null).Select(s => s.Action.WarId!.Value));
        var rereads = calls.Where(s => s.Action.Kind == WarScanActionKind.ReadWar && s.Action.ETag is not null).ToList();
        Assert.Equal(watched, rereads.Count);
        Assert.All(rereads, s => Assert.True(s.NotModified, $"war {s.Action.WarId} should have answered 304"));
    }

    [Fact]
    public async Task A_war_of_ours_that_ends_stops_being_red_within_minutes_of_esi_saying_so_even_during_a_cold_scan()
    {
        await using var big = new WarScanRig(wars: 3_000, scanDepth: 3_000);
        await big.CreateListAsync();
        await big.StepUntilAsync(async _ => (await big.EntriesAsync()).ContainsKey(DemoEsiWars.PirateMenaceId));
        // The instance was down for most of the hour ESI caches the war: most of the cold scan is still to come.
        big.Esi.Time.Advance(TimeSpan.FromMinutes(45));
        big.Wars.Finish(big.Wars.DefendedWarId);
        var saidSoAt = (await ExpiresOfAsync(big, big.Wars.DefendedWarId))!.Value;

        await big.StepUntilAsync(async _ => !(await big.EntriesAsync()).ContainsKey(DemoEsiWars.PirateMenaceId));

        Assert.InRange(big.Now - saidSoAt, TimeSpan.Zero, TimeSpan.FromMinutes(2));
        Assert.True(await big.UnreadAsync() > 0, "the cold scan should still be running");
        Assert.True(big.Scan.Pacer.LowestRemaining >= 3_600 * WarScanPacer.UrgentReserveFraction - WarScanPacer.CallCost,
            $"the bucket went down to {big.Scan.Pacer.LowestRemaining}");
    }

    [Fact]
    public async Task Pacing_keeps_the_reserve_and_never_meets_a_429_over_a_cold_scan_past_the_bucket()
    {
        await using var big = new WarScanRig(wars: 2_500, scanDepth: 2_500);
        await big.CreateListAsync();
        var started = big.Now;

        var steps = await big.StepUntilIdleAsync();

        Assert.Equal(2_500, steps.Count(s => s.Action.Kind == WarScanActionKind.ReadWar && s.Action.ETag is null));
        Assert.Equal(2, steps.Count(s => s.Action.Kind == WarScanActionKind.ReadPage));
        Assert.DoesNotContain(steps, s => s.Failed);
        Assert.DoesNotContain(big.Esi.Gate.ResponseCounts(), c => c.Group == "killmail" && c.Status == 429);
        Assert.InRange(big.Scan.Pacer.LowestRemaining!.Value, (int)(3_600 * WarScanPacer.ReserveFraction) - WarScanPacer.CallCost, 3_600);
        // 5,000 tokens' worth of reads cannot go faster than the bucket gives them back.
        Assert.True(big.Now - started >= TimeSpan.FromMinutes(15), $"the scan took only {big.Now - started}");
    }

    [Fact]
    public async Task A_war_list_that_cannot_be_read_keeps_its_targets_and_says_how_old_they_are()
    {
        await _rig.CreateListAsync();
        await _rig.StepUntilIdleAsync();
        var readAt = (await _rig.ListAsync()).SourceReadAt;
        _rig.Esi.Time.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 10; i++)
            _rig.Esi.Faults.MalformedJson(DemoEsiEndpoints.WarRoute);
        _rig.Esi.Faults.MalformedJson(DemoEsiEndpoints.WarsRoute);

        var failed = await _rig.StepUntilAsync(s => Task.FromResult(s.Failed));

        var list = await _rig.ListAsync();
        Assert.Equal(3, (await _rig.EntriesAsync()).Count);
        Assert.Equal(readAt, list.SourceReadAt);
        Assert.Contains("could not be read", list.SourceProblem, StringComparison.Ordinal);
        using (CoreLanguage.Speak("de"))
            Assert.StartsWith("Die Kriege konnten nicht von ESI gelesen werden", list.ShownSourceProblem, StringComparison.Ordinal);
        Assert.True(failed[^1].NextAt >= _rig.Now, "a failure waits before the next try");
    }

    private static async Task<DateTimeOffset?> ExpiresOfAsync(WarScanRig rig, long warId)
    {
        await using var db = await rig.Db.CreateDbContextAsync(Ct);
        return await db.Set<KnownWar>().Where(w => w.Id == warId).Select(w => w.ExpiresAt).SingleAsync(Ct);
    }
}
