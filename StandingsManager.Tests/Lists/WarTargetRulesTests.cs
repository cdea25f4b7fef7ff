using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Lists;

namespace StandingsManager.Tests.Lists;

/// <summary>Who counts as a war target (pure rules), the scan's order of work and its pacing.</summary>
public sealed class WarTargetRulesTests
{
    private const long Us = 99_000_001;
    private const long OurLoneCorp = 98_000_777;
    private const long Them = 99_000_500;
    private const long TheirCorp = 98_000_500;
    private const long Ally = 98_000_600;
    private const long OtherAlly = 99_000_600;
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly OrganizationOptions Org = new() { AllianceIds = [Us], CorporationIds = [OurLoneCorp] };

    private static KnownWar War(long id, (long? A, long? C) aggressor, (long? A, long? C) defender, string allies = "",
        DateTimeOffset? started = null, DateTimeOffset? finished = null, DateTimeOffset? retracted = null, bool read = true) => new()
    {
        Id = id, ReadAt = read ? Now : null, AggressorAllianceId = aggressor.A, AggressorCorporationId = aggressor.C,
        DefenderAllianceId = defender.A, DefenderCorporationId = defender.C, Allies = allies,
        Declared = Now.AddDays(-3), Started = started, Finished = finished, Retracted = retracted,
    };

    private static List<long> Targets(bool includePending, params KnownWar[] wars) =>
        [.. WarTargetsSource.Targets(wars, Org, includePending, Now).Select(t => t.EntityId)];

    [Fact]
    public void As_aggressor_the_defender_and_every_ally_are_targets()
    {
        var war = War(1, (Us, null), (null, TheirCorp), $"c{Ally} a{OtherAlly}", started: Now.AddDays(-1));

        var targets = WarTargetsSource.Targets([war], Org, true, Now);

        Assert.Equal(new[] { TheirCorp, Ally, OtherAlly }.Order(), targets.Select(t => t.EntityId).Order());
        Assert.Equal(EntityType.Alliance, targets.Single(t => t.EntityId == OtherAlly).EntityType);
        Assert.Equal(EntityType.Corporation, targets.Single(t => t.EntityId == Ally).EntityType);
    }

    [Fact]
    public void As_defender_only_the_aggressor_is_a_target_not_our_allies()
    {
        Assert.Equal([Them], Targets(true, War(1, (Them, null), (Us, null), $"c{Ally}", started: Now.AddDays(-1))));
    }

    [Fact]
    public void As_an_ally_the_aggressor_is_a_target()
    {
        Assert.Equal([TheirCorp], Targets(true, War(1, (null, TheirCorp), (OtherAlly, null), $"a{Us}", started: Now.AddDays(-1))));
    }

    [Fact]
    public void A_corporation_without_an_alliance_in_the_organisation_counts_as_us()
    {
        Assert.Equal([Them], Targets(true, War(1, (Them, null), (null, OurLoneCorp), started: Now.AddDays(-1))));
        Assert.True(WarTargetsSource.InvolvesUs(War(2, (null, OurLoneCorp), (Them, null)), Org));
        Assert.False(WarTargetsSource.InvolvesUs(War(3, (null, TheirCorp), (Them, null), $"c{Ally}"), Org));
    }

    [Fact]
    public void A_retracted_war_counts_until_it_finishes()
    {
        var retracted = War(1, (Them, null), (Us, null), started: Now.AddDays(-2), retracted: Now.AddHours(-1), finished: Now.AddHours(23));

        Assert.Equal([Them], Targets(false, retracted));
        Assert.Empty(WarTargetsSource.Targets([retracted], Org, false, Now.AddDays(1)));
    }

    [Fact]
    public void A_declared_war_not_yet_started_counts_only_with_pending_wars_on()
    {
        var notStarted = War(1, (Them, null), (Us, null), started: Now.AddHours(20));
        var noStartDate = War(2, (null, TheirCorp), (Us, null));

        Assert.Equal([TheirCorp, Them], Targets(true, notStarted, noStartDate));
        Assert.Empty(Targets(false, notStarted, noStartDate));
        // Once its start passes, it counts either way.
        Assert.Single(WarTargetsSource.Targets([notStarted], Org, false, Now.AddDays(1)));
    }

    [Fact]
    public void A_finished_war_drops_out_with_its_allies()
    {
        var finished = War(1, (Us, null), (null, TheirCorp), $"c{Ally}", started: Now.AddDays(-5), finished: Now.AddMinutes(-1));

        Assert.Empty(Targets(true, finished));
    }

    [Fact]
    public void Unread_wars_and_wars_of_others_make_no_targets_and_we_are_never_our_own_target()
    {
        Assert.Empty(Targets(true, War(1, (Them, null), (Us, null), started: Now.AddDays(-1), read: false)));
        Assert.Empty(Targets(true, War(2, (Them, null), (null, TheirCorp), started: Now.AddDays(-1))));
        // A mutual war between two of our own corporations, say: nobody to shoot.
        Assert.Empty(Targets(true, War(3, (Us, null), (null, OurLoneCorp), started: Now.AddDays(-1))));
    }

    [Fact]
    public void A_target_in_several_wars_lists_them_newest_first_in_its_details()
    {
        var older = War(5, (Them, null), (Us, null), started: Now.AddDays(-2));
        var newer = War(9, (Them, null), (null, OurLoneCorp), started: Now.AddDays(-1), retracted: Now.AddHours(-1), finished: Now.AddHours(5));

        var target = Assert.Single(WarTargetsSource.Targets([older, newer], Org, true, Now));
        var details = WarTargetsSource.Details(target, id => id == Them ? "Them" : "Us");

        Assert.Equal([9L, 5L], target.Wars.Select(w => w.Id));
        Assert.StartsWith("war target: war #9 (Them declared on Us", details, StringComparison.Ordinal);
        Assert.Contains("retracted, finishes", details, StringComparison.Ordinal);
        Assert.Contains("; war #5 (Them declared on Us", details, StringComparison.Ordinal);
        // The same note in German, for a German reader of the war-targets list.
        var german = details.In(System.Globalization.CultureInfo.GetCultureInfo("de"));
        Assert.StartsWith("Kriegsziel: Krieg #9 (Them gegen Us, erklärt am ", german, StringComparison.Ordinal);
        Assert.Contains("zurückgezogen, endet am ", german, StringComparison.Ordinal);
    }

    [Fact]
    public void Allies_round_trip_through_their_stored_form()
    {
        var stored = WarTargetsSource.FormatAllies([new EsiWarAlly(AllianceId: OtherAlly), new EsiWarAlly(CorporationId: Ally), new EsiWarAlly()]);

        Assert.Equal($"a{OtherAlly} c{Ally}", stored);
        Assert.Equal([(OtherAlly, EntityType.Alliance), (Ally, EntityType.Corporation)], WarTargetsSource.ParseAllies(stored));
    }

    // ---- the scan's order of work ----

    private static readonly WarScanState Scanned = new() { NewestWarId = 100, ColdMaxWarId = null, PageExpiresAt = Now.AddMinutes(30), PageETag = "\"p\"" };

    [Fact]
    public void A_cold_start_reads_the_first_page()
    {
        Assert.Equal(WarScanActionKind.ReadPage, WarScan.Plan(null, null, null, null, null, Now).Kind);
    }

    [Fact]
    public void A_due_war_of_ours_comes_before_everything_even_the_cold_scan()
    {
        var ours = new KnownWar { Id = 7, ETag = "\"e\"", InvolvesUs = true, Watch = true };
        var cold = new WarScanState { NewestWarId = 100, ColdMaxWarId = 50, ColdIdsLeft = 10 };

        var action = WarScan.Plan(cold, ours, 99, null, null, Now);

        Assert.Equal(new WarScanAction(WarScanActionKind.ReadWar, 7, ETag: "\"e\"", Urgent: true), action);
    }

    [Fact]
    public void Unread_ids_come_before_the_next_page_and_the_next_page_before_new_ids()
    {
        var cold = new WarScanState { NewestWarId = 100, ColdMaxWarId = 50, ColdIdsLeft = 10, PageExpiresAt = Now.AddHours(-1) };

        Assert.Equal(new WarScanAction(WarScanActionKind.ReadWar, 60), WarScan.Plan(cold, null, 60, null, null, Now));
        Assert.Equal(new WarScanAction(WarScanActionKind.ReadPage, MaxWarId: 50), WarScan.Plan(cold, null, null, null, null, Now));
    }

    [Fact]
    public void After_the_cold_scan_new_ids_are_asked_with_the_etag_once_the_page_expired_then_other_watched_wars()
    {
        var expired = new WarScanState { NewestWarId = 100, PageExpiresAt = Now, PageETag = "\"p\"" };
        var other = new KnownWar { Id = 3, ETag = "\"o\"", Watch = true };

        Assert.Equal(new WarScanAction(WarScanActionKind.ReadPage, ETag: "\"p\""), WarScan.Plan(expired, null, null, other, null, Now));
        Assert.Equal(new WarScanAction(WarScanActionKind.ReadWar, 3, ETag: "\"o\""), WarScan.Plan(Scanned, null, null, other, null, Now));
    }

    [Fact]
    public void With_nothing_due_the_scan_waits_for_the_next_expiry()
    {
        Assert.Equal(Now.AddMinutes(5), WarScan.Plan(Scanned, null, null, null, Now.AddMinutes(5), Now).Until);
        Assert.Equal(Now.AddMinutes(30), WarScan.Plan(Scanned, null, null, null, Now.AddHours(2), Now).Until);
    }

    // ---- pacing ----

    private static EsiRateLimit Bucket(int remaining, int used = 2) => new("killmail", 3_600, TimeSpan.FromMinutes(15), remaining, used);

    [Fact]
    public void The_pacer_lets_calls_go_while_the_bucket_is_above_its_reserve()
    {
        var pacer = new WarScanPacer();
        Assert.Equal(Now, pacer.NextCallAt(Now, urgent: false));
        pacer.Observe(Bucket(2_000), Now);
        Assert.Equal(Now, pacer.NextCallAt(Now, urgent: false));
    }

    [Fact]
    public void At_the_reserve_the_pacer_waits_for_the_oldest_spend_to_come_back_but_lets_our_wars_dip_in()
    {
        var pacer = new WarScanPacer();
        var start = Now.AddMinutes(-10);
        for (var i = 0; i < 1_350; i++)
            pacer.Observe(Bucket(3_600 - 2 * (i + 1)), start.AddSeconds(i * 0.1));

        Assert.Equal(900, pacer.LowestRemaining);
        Assert.Equal(start + TimeSpan.FromMinutes(15), pacer.NextCallAt(Now, urgent: false));
        Assert.Equal(Now, pacer.NextCallAt(Now, urgent: true));
        // Once the first spend is back, a call may go.
        Assert.Equal(start + TimeSpan.FromMinutes(15), pacer.NextCallAt(start + TimeSpan.FromMinutes(15), urgent: false));
    }

    [Fact]
    public void After_a_restart_a_low_bucket_waits_a_whole_window_after_the_last_answer()
    {
        var pacer = new WarScanPacer();
        pacer.Observe(Bucket(500, used: 0), Now);

        Assert.Equal(Now + TimeSpan.FromMinutes(15), pacer.NextCallAt(Now.AddMinutes(1), urgent: true));
    }
}
