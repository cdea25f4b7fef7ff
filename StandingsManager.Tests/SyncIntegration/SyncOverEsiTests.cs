using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.EsiIntegration;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.SyncIntegration;

/// <summary>
/// The sync engine against the simulated ESI over HTTP, with the demo's seed: entries Friendly Coalition (+10),
/// Pirate Menace (-10) and Bea Blue (+5); Ada Admiral's personal contacts include Pirate Menace at -10 without the label.
/// </summary>
public sealed class SyncOverEsiTests : IAsyncLifetime
{
    private const long Ada = DemoPersonas.Administrator;
    private const long Abe = DemoPersonas.Approver;
    private const long Coalition = 99_000_002;
    private const long PirateCorp = 98_000_004;
    private const long Bea = DemoPersonas.Blue;

    private readonly SimulatedSyncRig _rig = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    private static IEnumerable<(long, EntityType, string, double)> CrowdEntries(int count, double standing) =>
        DemoUniverse.Crowd.Take(count).Select(p => (p.Id, EntityType.Character, p.Name, standing));

    [Fact]
    public async Task Entries_reach_the_contacts_with_the_label_and_personal_contacts_stay_as_they_were()
    {
        var personal = _rig.Contacts(Ada);

        var report = await _rig.SyncAsync(Ada);

        Assert.Equal(2, report.Added);
        Assert.Equal(1, report.Collisions); // Pirate Menace is a personal contact: left alone (Preserve)
        Assert.Equal(4, report.EsiCalls);   // labels, contacts, one POST per standing
        Assert.Equal(SyncStatus.Warning, report.Outcome);
        Assert.Contains(report.Changes, c => c.Kind == SyncChangeKind.Collision && c.Name == "Pirate Menace");
        var coalition = _rig.Contact(Ada, Coalition)!;
        Assert.Equal(10, coalition.Standing);
        Assert.Equal([SimulatedSyncRig.Label], coalition.LabelIds);
        Assert.Equal(5, _rig.Contact(Ada, Bea)!.Standing);
        foreach (var before in personal)
            Assert.Equal(before, _rig.Contact(Ada, before.ContactId));
        await _rig.AssertLedgerMatchesAsync(Ada);

        _rig.Time.Advance(SimulatedSyncRig.PastLedgerWindow);
        var second = await _rig.SyncAsync(Ada);
        Assert.Equal((0, 0, 0), (second.Added, second.Updated, second.Removed));
        var third = await _rig.SyncAsync(Ada);
        Assert.True(third.Unchanged);
        Assert.Equal(2, third.EsiCalls);
    }

    [Fact]
    public async Task Each_real_sync_is_counted_in_its_days_outcomes_and_a_preview_is_not()
    {
        var today = DateOnly.FromDateTime(_rig.Time.GetUtcNow().UtcDateTime);
        Task<int> OkTodayAsync() => _rig.WithDbAsync(db => db.SyncOutcomeDays.Where(d => d.Day == today && d.Outcome == SyncStatus.Ok)
            .Select(d => d.Runs).SingleOrDefaultAsync(SimulatedSyncRig.Ct));
        var before = await OkTodayAsync(); // the demo seeds some history of its own

        Assert.Equal(SyncStatus.Ok, (await _rig.SyncAsync(Abe)).Outcome);
        Assert.Equal(SyncStatus.Ok, (await _rig.SyncAsync(Abe)).Outcome);
        await _rig.SyncAsync(Abe, SyncMode.DryRun);

        Assert.Equal(before + 2, await OkTodayAsync());
    }

    [Fact]
    public async Task A_label_lost_in_game_is_put_back_and_the_contact_is_still_removed_when_its_entry_goes()
    {
        await _rig.SyncAsync(Ada);
        _rig.Time.Advance(SimulatedSyncRig.PastLedgerWindow);
        StripLabel(Ada, Coalition);

        var relabel = await _rig.SyncAsync(Ada);

        Assert.Equal(1, relabel.Updated);
        Assert.Equal([SimulatedSyncRig.Label], _rig.Contact(Ada, Coalition)!.LabelIds);

        _rig.Time.Advance(SimulatedSyncRig.PastLedgerWindow);
        StripLabel(Ada, Coalition);
        await _rig.RemoveEntryAsync(Coalition);
        var removal = await _rig.SyncAsync(Ada);

        Assert.Equal(1, removal.Removed);
        Assert.Null(_rig.Contact(Ada, Coalition));
        await _rig.AssertLedgerMatchesAsync(Ada);
    }

    [Fact]
    public async Task A_stale_read_never_adds_twice_and_the_ledger_removes_what_the_stale_read_does_not_show()
    {
        await _rig.SyncAsync(Ada);
        // No time passes: ESI still serves the read from before those writes, without Coalition and Bea.
        await _rig.RemoveEntryAsync(Bea);

        var second = await _rig.SyncAsync(Ada);

        Assert.Equal(0, second.Added);
        Assert.Equal(1, second.Removed);
        Assert.Null(_rig.Contact(Ada, Bea));
        Assert.NotNull(_rig.Contact(Ada, Coalition));
        await _rig.AssertLedgerMatchesAsync(Ada);

        _rig.Time.Advance(SimulatedSyncRig.PastReadCache);
        var fresh = await _rig.SyncAsync(Ada);
        Assert.Equal((0, 0, 0), (fresh.Added, fresh.Updated, fresh.Removed));
    }

    [Fact]
    public async Task Past_the_cap_the_highest_priority_entries_are_synced_and_the_rest_reported_by_name()
    {
        // 1,022 personal contacts leave room for two of the three entries: the two at ±10 win over Bea Blue at +5.
        var personal = DemoUniverse.Crowd.Take(1_022).Select(p => new DemoEsiContact(p.Id, DemoEsiUniverse.Character, 0, [], false, false)).ToList();
        _rig.Store.ReplaceContacts(Ada, personal);

        var report = await _rig.SyncAsync(Ada);

        Assert.Equal(2, report.Added);
        Assert.Equal(1, report.Capped);
        Assert.Contains(report.Changes, c => c.Kind == SyncChangeKind.Capped && c.Name == "Bea Blue");
        Assert.Equal(SyncStatus.Warning, report.Outcome);
        Assert.Equal(DemoEsiStore.MaxContacts, _rig.Contacts(Ada).Count);
        Assert.NotNull(_rig.Contact(Ada, Coalition));
        Assert.NotNull(_rig.Contact(Ada, PirateCorp));
    }

    [Fact]
    public async Task An_add_EVE_refuses_is_reported_by_name_and_not_recorded_as_written()
    {
        _rig.Faults.RefuseAdds(Ada, Bea);

        var report = await _rig.SyncAsync(Ada);

        Assert.Equal(1, report.Refused);
        Assert.Equal(1, report.Added);
        Assert.Contains(report.Changes, c => c.Kind == SyncChangeKind.Refused && c.Name == "Bea Blue");
        Assert.Equal(SyncStatus.Warning, report.Outcome);
        Assert.Null(_rig.Contact(Ada, Bea));
        Assert.DoesNotContain(await _rig.LedgerAsync(Ada), m => m.ContactId == Bea && m.State is LedgerState.Written or LedgerState.Writing);
    }

    [Fact]
    public async Task A_write_left_in_doubt_by_a_killed_instance_is_sent_again_when_a_later_read_shows_it_never_landed()
    {
        // An instance saved its intent for Bea Blue two minutes ago and died before its POST reached EVE: the row says
        // Writing, young by ESI's cache window, and EVE holds no such contact.
        var intent = _rig.Time.GetUtcNow() - TimeSpan.FromMinutes(2);
        await _rig.WithDbAsync(async db =>
        {
            db.ManagedContacts.Add(new ManagedContact
            {
                CharacterId = Ada, ContactId = Bea, ContactType = EntityType.Character, Standing = 5,
                LabelIds = $"{SimulatedSyncRig.Label}", State = LedgerState.Writing, WrittenAt = intent,
            });
            return await db.SaveChangesAsync(SimulatedSyncRig.Ct);
        });
        Assert.Null(_rig.Contact(Ada, Bea));

        var report = await _rig.SyncAsync(Ada);

        // The read, made after the write could have landed, does not show it: the add goes out again, once.
        Assert.Equal(2, report.Added);
        var bea = _rig.Contact(Ada, Bea);
        Assert.NotNull(bea);
        Assert.Equal(5, bea.Standing);
        Assert.Equal([SimulatedSyncRig.Label], bea.LabelIds);
        Assert.Equal(LedgerState.Written, (await _rig.LedgerAsync(Ada)).Single(m => m.ContactId == Bea).State);
        await _rig.AssertLedgerMatchesAsync(Ada);
    }

    [Fact]
    public async Task An_error_limit_mid_batch_stops_the_sync_and_the_next_one_finishes_without_losing_or_repeating_anything()
    {
        await _rig.AddEntriesAsync(CrowdEntries(250, 5));
        // Bea Blue (+5) joins the crowd's group: 251 adds at +5 are three POSTs; the second answers 420.
        _rig.Faults.ErrorLimited(DemoEsiEndpoints.ContactsRoute, Ada, "POST", skip: 1);

        var stopped = await _rig.SyncAsync(Ada);

        Assert.Equal(SyncStatus.Error, stopped.Outcome);
        await _rig.AssertLedgerMatchesAsync(Ada);
        var gate = _rig.Esi.Gate;
        Assert.NotNull(gate.ErrorBudgetPausedUntil);
        _rig.Time.Advance(gate.ErrorBudgetPausedUntil!.Value - _rig.Time.GetUtcNow() + TimeSpan.FromSeconds(1));

        var resumed = await _rig.SyncAsync(Ada);

        Assert.NotEqual(SyncStatus.Error, resumed.Outcome);
        Assert.Equal(252, stopped.Added + resumed.Added); // Coalition, Bea Blue and the crowd, each written once
        var labelled = _rig.Contacts(Ada).Where(c => c.LabelIds.Contains(SimulatedSyncRig.Label)).ToList();
        Assert.Equal(252, labelled.Count);
        await _rig.AssertLedgerMatchesAsync(Ada);
    }

    [Fact]
    public async Task A_rate_limited_character_waits_alone_while_another_character_syncs()
    {
        _rig.Faults.RateLimited(TimeSpan.FromMinutes(10), DemoEsiEndpoints.ContactsRoute, Ada, "POST");
        var limited = await _rig.SyncAsync(Ada);
        Assert.Equal(SyncStatus.Error, limited.Outcome);

        var waiting = _rig.StartAsync(Ada);
        var other = await _rig.SyncAsync(Abe);

        Assert.NotEqual(SyncStatus.Error, other.Outcome);
        Assert.NotNull(_rig.Contact(Abe, Coalition));
        await EsiRig.AssertStillWaitingAsync(waiting, "Ada's bucket waits out its Retry-After");

        _rig.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var resumed = await EsiRig.FinishesAsync(waiting, "Ada's sync after the Retry-After");
        Assert.NotEqual(SyncStatus.Error, resumed.Outcome);
        Assert.NotNull(_rig.Contact(Ada, Coalition));
        await _rig.AssertLedgerMatchesAsync(Ada);
    }

    [Fact]
    public async Task A_grant_revoked_mid_sync_stops_it_keeps_the_ledger_true_and_the_next_run_disables_sync()
    {
        await _rig.AddEntriesAsync(CrowdEntries(150, 5));
        _rig.Sso.FailNextRefreshFor(Ada);
        // The first POST lands; the second meets a token EVE no longer accepts.
        _rig.Faults.Unauthorized(DemoEsiEndpoints.ContactsRoute, Ada, "POST", skip: 1);

        var stopped = await _rig.SyncAsync(Ada);

        Assert.Equal(SyncStatus.Error, stopped.Outcome);
        Assert.Contains("again", stopped.Message, StringComparison.OrdinalIgnoreCase);
        await _rig.AssertLedgerMatchesAsync(Ada);

        var next = await _rig.SyncAsync(Ada);

        Assert.Equal(SyncStatus.Disabled, next.Outcome);
        Assert.Equal(0, next.EsiCalls);
        var synced = await _rig.SyncedAsync(Ada);
        Assert.False(synced.Enabled);
    }

    private void StripLabel(long characterId, long contactId) =>
        _rig.Store.ReplaceContacts(characterId, _rig.Contacts(characterId).Select(c => c.ContactId == contactId ? c with { LabelIds = [] } : c));
}
