using System.Net;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Sync;

public sealed class SyncEngineTests
{
    private const long Pilot = 90_100_001;
    private const long Other = 2;

    private static CancellationToken Ct => SyncRig.Ct;

    [Fact]
    public async Task First_sync_writes_the_list_and_a_quiet_cycle_costs_two_conditional_reads()
    {
        await using var rig = await SyncRig.CreateAsync();
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5), (101, 5), (102, -10), (Pilot, 10));
        rig.Model.Put(new ModelContact(500, "character", 0, [2], true)); // personal

        var first = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Ok, first.Outcome);
        Assert.Equal(3, first.Added);
        Assert.Equal(2 + 2, first.EsiCalls); // labels, contacts, two POST groups (+5 and -10)
        Assert.DoesNotContain(Pilot, rig.Model.Contacts.Keys); // never the character itself
        Assert.Equal(new ModelContact(500, "character", 0, [2], true), rig.Model.Contacts[500]);
        Assert.All(rig.Model.Contacts.Values.Where(c => c.Id != 500), c => Assert.True(c.Has(SyncRig.LabelId)));
        var synced = await rig.SyncedAsync(Pilot);
        Assert.Null(synced.ContactsETag); // wrote: the next run reads in full once
        Assert.NotNull(synced.LastDesiredHash);
        Assert.Equal(CoreTestDatabase.Start, synced.LastSuccessAt); // nothing advances the fake clock during a run

        rig.Database.Time.Advance(TimeSpan.FromMinutes(30)); // the next cycle, past ESI's read cache
        var second = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Ok, second.Outcome);
        Assert.Equal(2, second.EsiCalls);
        Assert.False(second.Unchanged);

        var writes = rig.Esi.WriteCalls;
        var third = await rig.RunAsync(Pilot);
        Assert.True(third.Unchanged);
        Assert.Equal(2, third.EsiCalls);
        Assert.Equal(writes, rig.Esi.WriteCalls);
        Assert.Equal([SyncEventKind.Started, SyncEventKind.Finished], rig.Published.TakeLast(2).Select(e => e.Kind));

        // A list change makes the next cycle read the contacts unconditionally and write.
        await rig.AddEntriesAsync((103, 10));
        var fourth = await rig.RunAsync(Pilot);
        Assert.False(fourth.Unchanged);
        Assert.Equal(1, fourth.Added);
        Assert.Equal(10, rig.Model.Contacts[103].Standing);
        Assert.Contains(rig.Published, e => e.Kind == SyncEventKind.Progress && e.Added == 1);
    }

    [Fact]
    public async Task Ineligible_character_is_disabled_told_and_audited_without_an_esi_call()
    {
        await using var rig = await SyncRig.CreateAsync();
        var account = await rig.AddSyncedAsync(Pilot, "Pia Pilot", [EveScopes.ReadContacts]);
        await rig.AddEntriesAsync((100, 5));

        var report = await rig.RunAsync(Pilot);

        Assert.Equal(SyncStatus.Disabled, report.Outcome);
        Assert.Contains($"grant the missing scopes {EveScopes.WriteContacts}", report.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Esi.Requests);
        var synced = await rig.SyncedAsync(Pilot);
        Assert.False(synced.Enabled);
        Assert.Equal(SyncStatus.Disabled, synced.Status);
        Assert.Equal(report.Message, synced.StatusMessage);
        await using var db = rig.Database.CreateDbContext();
        var notice = await db.Notifications.SingleAsync(Ct);
        Assert.Equal(account, notice.AccountId);
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.SyncDisabled, Ct);
        Assert.Equal(Pilot, audit.SubjectId);
        var run = await db.SyncRuns.SingleAsync(Ct);
        Assert.Equal(SyncStatus.Disabled, run.Outcome);
        Assert.Equal(0, run.EsiCalls);
        Assert.Equal([SyncEventKind.Changed, SyncEventKind.Finished], rig.Published.Select(e => e.Kind));

        // Checked again while disabled: no second notification or audit row.
        await rig.RunAsync(Pilot);
        Assert.Equal(1, await db.Notifications.CountAsync(Ct));
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == AuditAction.SyncDisabled, Ct));
    }

    [Fact]
    public async Task Deactivated_account_or_invalid_grant_disables_sync_with_the_fix()
    {
        await using var rig = await SyncRig.CreateAsync();
        var account = await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await using (var db = rig.Database.CreateDbContext())
        {
            await db.Tokens.Where(t => t.CharacterId == Pilot).ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TokenStatus.Invalid), Ct);
        }
        var report = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Disabled, report.Outcome);
        Assert.Contains("re-add the character on the Characters page", report.Message, StringComparison.Ordinal);

        await using (var db = rig.Database.CreateDbContext())
        {
            await db.SyncedCharacters.ExecuteUpdateAsync(u => u.SetProperty(s => s.Enabled, true), Ct);
            await db.Accounts.Where(a => a.Id == account).ExecuteUpdateAsync(u => u.SetProperty(a => a.IsActive, false), Ct);
        }
        report = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Disabled, report.Outcome);
        Assert.Contains("deactivated", report.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Esi.Requests);
    }

    [Fact]
    public async Task Missing_label_warns_with_the_in_game_fix_and_writes_nothing()
    {
        await using var rig = await SyncRig.CreateAsync();
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5));
        rig.Esi.Labels.Clear();
        rig.Esi.Labels.Add((8, "Friends"));

        var report = await rig.RunAsync(Pilot);

        Assert.Equal(SyncStatus.Warning, report.Outcome);
        Assert.Equal("Contact label 'Alliance Standings' not found: create it in game (People & Places → Contacts → Add label)", report.Message);
        Assert.Equal(0, rig.Esi.WriteCalls);
        Assert.Empty(rig.Model.Contacts);
        var synced = await rig.SyncedAsync(Pilot);
        Assert.Equal(SyncStatus.Warning, synced.Status);
        Assert.Equal(report.Message, synced.StatusMessage);
        Assert.Null(synced.LastSuccessAt);
    }

    [Fact]
    public async Task Dry_run_lists_every_change_by_name_and_writes_nothing()
    {
        await using var rig = await SyncRig.CreateAsync();
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5), (101, 10), (102, -5));
        rig.Model.Put(new ModelContact(101, "alliance", 5, [SyncRig.LabelId], false));
        rig.Model.Put(new ModelContact(102, "corporation", 10, [], false)); // personal: a collision under Preserve
        rig.Model.Put(new ModelContact(600, "character", 5, [SyncRig.LabelId], false)); // ours, no longer wanted
        rig.Model.Put(new ModelContact(601, "character", 5, [SyncRig.LabelId], false));
        await using (var db = rig.Database.CreateDbContext())
        {
            db.EveEntities.Add(new EveEntity { Id = 600, Name = "Gone Pilot", Type = EntityType.Character });
            await db.SaveChangesAsync(Ct);
        }
        var before = rig.Model.Contacts.ToDictionary();

        var report = await rig.RunAsync(Pilot, SyncMode.DryRun);

        Assert.Equal(0, rig.Esi.WriteCalls);
        Assert.Equal(before, rig.Model.Contacts);
        Assert.Empty(await rig.LedgerAsync(Pilot));
        Assert.Contains(report.Changes, c => c is { Kind: SyncChangeKind.Add, ContactId: 100, Name: "Entity 100", To: 5 });
        Assert.Contains(report.Changes, c => c is { Kind: SyncChangeKind.Update, ContactId: 101, Name: "Entity 101", From: 5, To: 10 });
        Assert.Contains(report.Changes, c => c is { Kind: SyncChangeKind.Collision, ContactId: 102, Name: "Entity 102" });
        Assert.Contains(report.Changes, c => c is { Kind: SyncChangeKind.Remove, ContactId: 600, Name: "Gone Pilot" });
        Assert.Contains(report.Changes, c => c is { Kind: SyncChangeKind.Remove, ContactId: 601, Name: "#601" });
        Assert.Equal((1, 1, 2), (report.Added, report.Updated, report.Removed));
        var synced = await rig.SyncedAsync(Pilot);
        Assert.Null(synced.LastSyncAt);
        await using var check = rig.Database.CreateDbContext();
        Assert.True((await check.SyncRuns.SingleAsync(Ct)).DryRun);
    }

    [Fact]
    public async Task Unsync_removes_managed_contacts_and_restores_overridden_ones()
    {
        await using var rig = await SyncRig.CreateAsync(o => o.PersonalContacts = PersonalContactPolicy.Override);
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5), (300, 10));
        rig.Model.Put(new ModelContact(300, "character", -5, [2], true)); // personal, taken over
        rig.Model.Put(new ModelContact(500, "character", 0, [], false)); // personal, untouched

        var sync = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Ok, sync.Outcome);
        Assert.Equal(10, rig.Model.Contacts[300].Standing);
        Assert.True(rig.Model.Contacts[300].Watched);
        Assert.Equal([2, SyncRig.LabelId], rig.Model.Contacts[300].Labels.Order());

        var unsync = await rig.RunAsync(Pilot, SyncMode.Unsync);
        Assert.Equal(1, unsync.Removed);
        Assert.Equal(1, unsync.Updated);
        Assert.Contains(unsync.Changes, c => c is { Kind: SyncChangeKind.Restore, ContactId: 300, To: -5 });
        Assert.Equal(new ModelContact(300, "character", -5, [2], true), rig.Model.Contacts[300]);
        Assert.Equal(new ModelContact(500, "character", 0, [], false), rig.Model.Contacts[500]);
        Assert.False(rig.Model.Contacts.ContainsKey(100));
        Assert.Empty(rig.Model.Violations);
    }

    /// <summary>
    /// A run needing 8 write calls, killed after each call k has landed but before its outcome was saved; then rerun.
    /// Every call must go out exactly once over both runs, and the end state must be the converged one.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task A_crash_after_any_write_call_converges_on_the_next_run_without_duplicates_or_orphans(int k)
    {
        await using var rig = await SeedBigAsync();
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        rig.Esi.CrashAfter = (k, kill);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.RunAsync(Pilot, ct: kill.Token));
        Assert.Equal(k, rig.Esi.WriteCalls);
        Assert.Null((await rig.SyncedAsync(Pilot)).ContactsETag);

        rig.Esi.CrashAfter = null;
        var rerun = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Ok, rerun.Outcome);
        Assert.Equal(BigCalls, rig.Esi.WriteCalls); // each call exactly once across the crash
        await AssertBigConvergedAsync(rig);

        // Later, with ESI's cache long expired, nothing is left to write and the tombstones are gone.
        rig.Database.Time.Advance(TimeSpan.FromMinutes(10));
        var later = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Ok, later.Outcome);
        Assert.Equal(BigCalls, rig.Esi.WriteCalls);
        await AssertBigConvergedAsync(rig);
        var leftover = (await rig.LedgerAsync(Pilot)).Where(r => r.State is LedgerState.Removing or LedgerState.Removed).ToList();
        Assert.True(leftover.Count == 0, string.Join("; ", leftover.Select(r => $"{r.ContactId} {r.State} {r.WrittenAt:O} {r.OverriddenPersonalStanding}")) + $" unchanged={later.Unchanged} calls={later.EsiCalls}");
    }

    [Theory]
    [InlineData(3, HttpStatusCode.InternalServerError, "EVE/ESI is unavailable, will retry.")]
    [InlineData(3, HttpStatusCode.BadRequest, "ESI refused a contacts call (400: scripted); the next sync tries again.")]
    [InlineData(7, HttpStatusCode.Forbidden, "EVE refused access to the contacts: grant the missing scopes by re-adding the character on the Characters page.")]
    public async Task A_failed_call_mid_batch_keeps_the_ledger_true_and_the_next_run_converges(int call, HttpStatusCode status, string message)
    {
        await using var rig = await SeedBigAsync();
        rig.Esi.FailCall = (call, status);

        var failed = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Error, failed.Outcome);
        Assert.Equal(message, failed.Message);
        var synced = await rig.SyncedAsync(Pilot);
        Assert.Equal(SyncStatus.Error, synced.Status);
        Assert.Null(synced.LastDesiredHash);

        rig.Esi.FailCall = null;
        rig.Database.Time.Advance(TimeSpan.FromMinutes(10));
        var rerun = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Ok, rerun.Outcome);
        await AssertBigConvergedAsync(rig);
    }

    [Fact]
    public async Task An_add_eve_does_not_create_is_reported_by_name_left_out_of_the_ledger_and_tried_again()
    {
        await using var rig = await SyncRig.CreateAsync();
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5), (101, 5));
        rig.Esi.RefuseIds.Add(101);

        var report = await rig.RunAsync(Pilot);

        Assert.Equal(SyncStatus.Warning, report.Outcome);
        Assert.Equal((1, 1), (report.Added, report.Refused));
        Assert.Contains(report.Changes, c => c is { Kind: SyncChangeKind.Refused, ContactId: 101, Name: "Entity 101" });
        Assert.Contains("Entity 101", report.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await rig.LedgerAsync(Pilot), r => r.ContactId == 101);
        Assert.Null((await rig.SyncedAsync(Pilot)).LastDesiredHash); // not converged: the next cycle plans again

        rig.Esi.RefuseIds.Clear();
        var retry = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Ok, retry.Outcome);
        Assert.Equal(1, retry.Added);
        Assert.Equal(5, rig.Model.Contacts[101].Standing);
        Assert.Empty(rig.Model.Violations);
    }

    [Fact]
    public async Task An_error_limit_stop_says_when_esi_resumes()
    {
        await using var rig = await SeedBigAsync();
        rig.Esi.FailCall = (1, (HttpStatusCode)420);

        var report = await rig.RunAsync(Pilot);

        Assert.Equal(SyncStatus.Error, report.Outcome);
        Assert.StartsWith("ESI paused", report.Message, StringComparison.Ordinal);
        Assert.Contains("resumes at 12:01 UTC", report.Message, StringComparison.Ordinal); // the gate's 60 s pause on the fake clock
        Assert.Equal(1, rig.Esi.WriteCalls);
    }

    [Fact]
    public async Task Only_the_last_hundred_runs_are_kept()
    {
        await using var rig = await SyncRig.CreateAsync();
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        for (var i = 0; i < SyncRunRecorder.KeptRuns + 3; i++)
            await rig.RunAsync(Pilot);
        await using var db = rig.Database.CreateDbContext();
        Assert.Equal(SyncRunRecorder.KeptRuns, await db.SyncRuns.CountAsync(Ct));
    }

    // ---- The big scenario --------------------------------------------------------------------------------------

    private const int BigCalls = 8;
    private static readonly long[] Personal = [.. Enumerable.Range(5000, 10).Select(i => (long)i)];

    /// <summary>
    /// Override policy. Writes: 25 deletes (2 calls), 150 adds at +5 (2) and 60 at -10 (1), 3 standing fixes (1),
    /// one personal contact taken over (1), one overridden contact restored (1): 8 calls.
    /// </summary>
    private static async Task<SyncRig> SeedBigAsync()
    {
        var rig = await SyncRig.CreateAsync(o => o.PersonalContacts = PersonalContactPolicy.Override);
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        var entries = new List<(long, double)>();
        entries.AddRange(Enumerable.Range(1000, 150).Select(i => ((long)i, 5.0)));
        entries.AddRange(Enumerable.Range(2000, 60).Select(i => ((long)i, -10.0)));
        entries.AddRange([(400, 10), (401, 10), (402, 10), (300, 10), (Pilot, 10)]);
        await rig.AddEntriesAsync([.. entries]);
        foreach (var id in Personal)
            rig.Model.Put(new ModelContact(id, "character", 0, [Other], false));
        rig.Model.Put(new ModelContact(300, "character", -5, [Other], true));
        foreach (var id in Enumerable.Range(6000, 25))
            rig.Model.Put(new ModelContact(id, "character", 5, [SyncRig.LabelId], false));
        foreach (var id in new long[] { 400, 401, 402 })
            rig.Model.Put(new ModelContact(id, "character", 5, [SyncRig.LabelId], false));
        rig.Model.Put(new ModelContact(7000, "character", 10, [Other, SyncRig.LabelId], false));
        await using var db = rig.Database.CreateDbContext();
        db.ManagedContacts.Add(new ManagedContact
        {
            CharacterId = Pilot, ContactId = 7000, ContactType = EntityType.Character, Standing = 10, LabelIds = $"{Other} {SyncRig.LabelId}",
            State = LedgerState.Written, WrittenAt = rig.Database.Time.GetUtcNow().AddDays(-1), OverriddenPersonalStanding = -5, OverriddenPersonalLabelIds = $"{Other}",
        });
        await db.SaveChangesAsync(Ct);
        return rig;
    }

    private static async Task AssertBigConvergedAsync(SyncRig rig)
    {
        Assert.Empty(rig.Model.Violations); // no duplicate add, no edit or delete of a missing contact
        var contacts = rig.Model.Contacts;
        await using var db = rig.Database.CreateDbContext();
        var desired = await db.Standings.Where(e => e.EntityId != Pilot).ToDictionaryAsync(e => e.EntityId, e => e.Standing, Ct);
        foreach (var (id, standing) in desired)
        {
            Assert.True(contacts.TryGetValue(id, out var held), $"entry {id} missing");
            Assert.Equal(standing, held.Standing);
            Assert.True(held.Has(SyncRig.LabelId));
        }
        foreach (var c in contacts.Values.Where(c => c.Has(SyncRig.LabelId)))
            Assert.True(desired.ContainsKey(c.Id), $"orphan {c.Id}");
        foreach (var id in Personal)
            Assert.Equal(new ModelContact(id, "character", 0, [Other], false), contacts[id]);
        Assert.Equal([Other, SyncRig.LabelId], contacts[300].Labels.Order());
        Assert.True(contacts[300].Watched);
        Assert.Equal(new ModelContact(7000, "character", -5, [Other], false), contacts[7000]);

        // Every ledger row tells the truth about the contact it names.
        foreach (var row in await rig.LedgerAsync(Pilot))
        {
            if (row.State is LedgerState.Written or LedgerState.Writing)
            {
                Assert.True(contacts.TryGetValue(row.ContactId, out var held), $"ledger row {row.ContactId} names a missing contact");
                Assert.Equal(row.Standing, held.Standing);
            }
            else if (row.OverriddenPersonalStanding is null)
            {
                Assert.False(contacts.ContainsKey(row.ContactId), $"tombstone {row.ContactId} names a live contact");
            }
        }
        var ledgerIds = (await rig.LedgerAsync(Pilot)).Where(r => r.State is LedgerState.Written or LedgerState.Writing).Select(r => r.ContactId).ToHashSet();
        Assert.All(desired.Keys, id => Assert.Contains(id, ledgerIds));
    }
}
