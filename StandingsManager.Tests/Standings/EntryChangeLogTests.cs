using StandingsManager.Core.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Validation;
using StandingsManager.Tests.SyncIntegration;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Standings;

/// <summary>Every way an entry changes writes its change-log row, in the same save, stamped with the app's clock.</summary>
public sealed class EntryChangeLogTests : IAsyncLifetime
{
    private CoreTestDatabase _t = null!;
    private Cast _cast = null!;

    public async ValueTask InitializeAsync()
    {
        _t = await CreateAsync();
        _cast = await _t.SeedCastAsync();
    }

    public async ValueTask DisposeAsync() => await _t.DisposeAsync();

    private async Task<List<EntryChange>> ChangesAsync()
    {
        await using var db = _t.CreateDbContext();
        return await db.EntryChanges.AsNoTracking().OrderBy(c => c.Id).ToListAsync(Ct);
    }

    private static (EntryChangeKind, long, double?, double?) Shape(EntryChange c) => (c.Kind, c.EntityId, c.StandingBefore, c.StandingAfter);

    private async Task<StandingsEntry> EntryAsync(long entityId)
    {
        await using var db = _t.CreateDbContext();
        return await db.Standings.AsNoTracking().SingleAsync(e => e.EntityId == entityId, Ct);
    }

    [Fact]
    public async Task An_approval_logs_the_entry_added_with_the_list_entity_and_clock_time()
    {
        _t.Time.Advance(TimeSpan.FromMinutes(7));
        await _t.GrantViaRequestAsync(_cast, Cast.AliceAlt, 5);

        var change = Assert.Single(await ChangesAsync());
        Assert.Equal((EntryChangeKind.Added, Cast.AliceAlt, (double?)null, (double?)5), Shape(change));
        Assert.Equal((StandingsList.FirstListId, EntityType.Character, "Alice Alt"), (change.ListId, change.EntityType, change.EntityName));
        Assert.Equal(Start.AddMinutes(7), change.At);
        Assert.True(change.Id > 0);
    }

    [Fact]
    public async Task Administrator_add_edit_bulk_edit_and_remove_each_log_their_change_in_order()
    {
        var id = await _t.Admin.AddAsync(StandingsList.FirstListId, _cast.Erin, 98_000_004, EntityType.Corporation, "Pirate Menace", -5, null, Ct);
        await _t.Admin.EditAsync(_cast.Erin, id, (await EntryAsync(98_000_004)).Version, -10, "Shoot on sight", Ct);
        var expiry = Start.AddDays(30);
        await _t.Admin.BulkAsync(StandingsList.FirstListId, _cast.Erin, [new EntryRef(id, (await EntryAsync(98_000_004)).Version)], BulkChange.SetExpiry(expiry), "Until the war ends", Ct);
        await _t.Admin.BulkAsync(StandingsList.FirstListId, _cast.Erin, [new EntryRef(id, (await EntryAsync(98_000_004)).Version)], BulkChange.SetStanding(-7.5), "Calmer now", Ct);
        await _t.Admin.RemoveAsync(_cast.Erin, id, (await EntryAsync(98_000_004)).Version, "Gone", Ct);

        var changes = await ChangesAsync();
        Assert.Equal(
            [
                (EntryChangeKind.Added, 98_000_004L, (double?)null, (double?)-5),
                (EntryChangeKind.Changed, 98_000_004L, -5, -10),
                (EntryChangeKind.Changed, 98_000_004L, -10, -10), // the expiry: a reader of the list sees it
                (EntryChangeKind.Changed, 98_000_004L, -10, -7.5),
                (EntryChangeKind.Removed, 98_000_004L, -7.5, null),
            ],
            changes.Select(Shape));
        Assert.Equal("Shoot on sight", changes[1].Notes);
        Assert.Equal(expiry, changes[2].ExpiresAt);
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Id < p.Second.Id));
    }

    [Fact]
    public async Task Bulk_removal_logs_one_row_per_entry()
    {
        var a = await _t.GrantViaRequestAsync(_cast, Cast.AliceMain, 5);
        var b = await _t.GrantViaRequestAsync(_cast, Cast.AliceAlt, 7);
        await _t.Admin.BulkAsync(StandingsList.FirstListId, _cast.Erin,
            [new EntryRef(a, (await EntryAsync(Cast.AliceMain)).Version), new EntryRef(b, (await EntryAsync(Cast.AliceAlt)).Version)], BulkChange.Remove, "Clean-up", Ct);

        var removed = (await ChangesAsync()).Where(c => c.Kind == EntryChangeKind.Removed).Select(Shape).OrderBy(s => s.Item2);
        Assert.Equal([(EntryChangeKind.Removed, Cast.AliceMain, (double?)5, (double?)null), (EntryChangeKind.Removed, Cast.AliceAlt, 7, null)], removed);
    }

    [Fact]
    public async Task A_csv_import_logs_its_adds_and_updates()
    {
        await _t.Admin.AddAsync(StandingsList.FirstListId, _cast.Erin, 98_000_002, EntityType.Corporation, "Blue Friends Corp", 5, "allies", Ct);
        var existing = await EntryAsync(98_000_002);
        var import = _t.Get<StandingsImport>();
        var preview = new ImportPreview(
        [
            new ImportRow(2, ImportAction.Update, 98_000_002, EntityType.Corporation, "Blue Friends Corp", 8, "allies", null, "standing +5.0 → +8.0", existing.Id, existing.Version),
            new ImportRow(3, ImportAction.Add, 90_000_201, EntityType.Character, "Pete Pirate", -10, "pirate", null, null),
        ]);

        Assert.Equal(2, await import.ApplyAsync(_cast.Frank, preview, "Yearly review", Ct));

        // One save: the order within it is the database's.
        Assert.Equal(
            [(EntryChangeKind.Added, 90_000_201L, (double?)null, (double?)-10), (EntryChangeKind.Changed, 98_000_002L, 5, 8)],
            (await ChangesAsync()).Skip(1).Select(Shape).OrderBy(s => s.Item1));
    }

    [Fact]
    public async Task An_approved_removal_logs_the_entry_removed()
    {
        await _t.GrantViaRequestAsync(_cast, Cast.AliceMain, 5);
        var revocationId = await _t.Revocations.RequestRemovalOfCharacterAsync(_cast.Alice, Cast.AliceMain, Ct);
        await _t.Revocations.ApproveAsync(_cast.Carol, revocationId, null, Ct);

        Assert.Equal((EntryChangeKind.Removed, Cast.AliceMain, (double?)5, (double?)null), Shape((await ChangesAsync()).Last()));
    }

    [Fact]
    public async Task A_list_source_logs_adds_changes_and_removals_and_a_new_name_alone()
    {
        int listId;
        await using (var db = _t.CreateDbContext())
            listId = await TestLists.AddAsync(db, "Coalition Blues", ListSource.InGameContacts);
        await ListContent.ApplyAsync(_t.Factory, _t.Events, listId,
            [new SourcedEntry(1, EntityType.Character, "One", 5, Phrase.AsWritten("from the game")), new SourcedEntry(2, EntityType.Character, "Two", 10, Phrase.AsWritten("from the game"))], Phrase.AsWritten("gone"), Start, Ct);
        await ListContent.ApplyAsync(_t.Factory, _t.Events, listId,
            [new SourcedEntry(1, EntityType.Character, "One Renamed", 5, Phrase.AsWritten("from the game")), new SourcedEntry(3, EntityType.Character, "Three", -5, Phrase.AsWritten("from the game"))], Phrase.AsWritten("gone"), Start, Ct);
        await ListContent.ApplyAsync(_t.Factory, _t.Events, listId,
            [new SourcedEntry(1, EntityType.Character, "One Renamed", -5, Phrase.AsWritten("from the game")), new SourcedEntry(3, EntityType.Character, "Three", -5, Phrase.AsWritten("from the game"))], Phrase.AsWritten("gone"), Start, Ct);

        var changes = await ChangesAsync();
        Assert.All(changes, c => Assert.Equal(listId, c.ListId));
        Assert.Equal(
            [
                (EntryChangeKind.Added, 1L, (double?)null, (double?)5),
                (EntryChangeKind.Added, 2L, null, 10),
                (EntryChangeKind.Removed, 2L, 10, null),
                (EntryChangeKind.Changed, 1L, 5, 5), // the name: the list shows it
                (EntryChangeKind.Added, 3L, null, -5),
                (EntryChangeKind.Changed, 1L, 5, -5),
            ],
            changes.Select(Shape));
        Assert.Equal("One Renamed", changes[3].EntityName);
    }

    [Fact]
    public async Task Deleting_a_list_logs_each_of_its_entries_removed()
    {
        int listId;
        await using (var db = _t.CreateDbContext())
            listId = await TestLists.AddAsync(db, "Partners");
        await _t.Admin.AddAsync(listId, _cast.Erin, 98_000_002, EntityType.Corporation, "Blue Friends Corp", 5, null, Ct);
        await _t.Admin.AddAsync(listId, _cast.Erin, 99_000_002, EntityType.Alliance, "Friendly Coalition", 10, null, Ct);
        int version;
        await using (var db = _t.CreateDbContext())
            version = await db.Lists.Where(l => l.Id == listId).Select(l => l.Version).SingleAsync(Ct);

        Assert.Equal(2, await _t.Get<ListsAdmin>().DeleteAsync(_cast.Erin, listId, version, "Partnership over", Ct));

        var removed = (await ChangesAsync()).Where(c => c.Kind == EntryChangeKind.Removed).ToList();
        Assert.Equal([98_000_002L, 99_000_002L], removed.Select(c => c.EntityId).Order());
        Assert.All(removed, c => Assert.Equal(listId, c.ListId));
    }

    [Fact]
    public async Task What_a_reader_does_not_see_logs_nothing()
    {
        await _t.GrantViaRequestAsync(_cast, Cast.AliceMain, 5);
        await using (var db = _t.CreateDbContext())
        {
            var entry = await db.Standings.SingleAsync(e => e.EntityId == Cast.AliceMain, Ct);
            entry.ExpiryWarnedAt = Start; // the validator's bookkeeping
            await db.SaveChangesAsync(Ct);
        }

        Assert.Single(await ChangesAsync());
    }

    [Fact]
    public async Task A_save_that_fails_writes_no_row_and_its_retry_writes_one()
    {
        await _t.GrantViaRequestAsync(_cast, Cast.AliceMain, 5);
        await using var db = _t.CreateDbContext();
        db.Standings.Add(new StandingsEntry { EntityId = Cast.AliceMain, EntityType = EntityType.Character, EntityName = "Alice Main", Standing = 1, AddedByName = "Test", AddedAt = Start });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct)); // already on the list: the unique index refuses
        Assert.Single(await ChangesAsync());

        db.ChangeTracker.Entries<StandingsEntry>().Single(e => e.State == EntityState.Added).Entity.EntityId = Cast.BobMain;
        await db.SaveChangesAsync(Ct);

        Assert.Equal([Cast.AliceMain, Cast.BobMain], (await ChangesAsync()).Select(c => c.EntityId));
    }

    [Fact]
    public async Task The_validator_applying_a_system_revocation_logs_the_removal()
    {
        await using var rig = new SimulatedSyncRig(new() { ["Standings:AutoRevocation:Mode"] = "Automatic", ["Standings:AutoRevocation:GraceHours"] = "24" });
        var mia = await rig.WithDbAsync(db => db.Characters.Where(c => c.Id == DemoPersonas.Member).Select(c => c.AccountId).SingleAsync(Ct));
        var abe = await rig.WithDbAsync(db => db.Characters.Where(c => c.Id == DemoPersonas.Approver).Select(c => c.AccountId).SingleAsync(Ct));
        var workflow = rig.Services.GetRequiredService<RequestWorkflow>();
        await workflow.ApproveAsync(abe, await workflow.RequestForCharacterAsync(mia, DemoPersonas.Member, Ct), 5, null, Ct);
        rig.Store.MoveCharacter(DemoPersonas.Member, 98_000_003);

        async Task ValidateAsync()
        {
            async Task<ValidationReport> RunAsync()
            {
                await Task.Yield();
                await using var scope = rig.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<StandingsValidator>().RunAsync(Ct);
            }
            await rig.Esi.PumpAsync(RunAsync());
        }
        await ValidateAsync();
        rig.Time.Advance(TimeSpan.FromHours(25));
        var applyingFrom = rig.Time.GetUtcNow();
        await ValidateAsync();

        var last = await rig.WithDbAsync(db => db.EntryChanges.AsNoTracking().Where(c => c.EntityId == DemoPersonas.Member).OrderBy(c => c.Id).ToListAsync(Ct));
        Assert.Equal([EntryChangeKind.Added, EntryChangeKind.Removed], last.Select(c => c.Kind));
        // The app's clock (through the registered factory), not the machine's: the fake clock is in 2026-11.
        Assert.InRange(last[1].At, applyingFrom, rig.Time.GetUtcNow());
    }

    [Fact]
    public async Task The_demo_seeder_logs_every_entry_it_adds()
    {
        await using var app = new StandingsAppFactory();
        var entries = await app.WithDbAsync(db => db.Standings.AsNoTracking().Select(e => new { e.ListId, e.EntityId, e.Standing }).ToListAsync());
        var added = await app.WithDbAsync(db => db.EntryChanges.AsNoTracking().Where(c => c.Kind == EntryChangeKind.Added)
            .Select(c => new { c.ListId, c.EntityId, Standing = c.StandingAfter!.Value }).ToListAsync());

        Assert.NotEmpty(entries);
        Assert.Equal(entries.OrderBy(e => e.ListId).ThenBy(e => e.EntityId), added.OrderBy(e => e.ListId).ThenBy(e => e.EntityId));
    }

    [Fact]
    public async Task Readers_get_a_lists_changes_after_a_cursor_or_a_time_and_old_rows_are_pruned_after_the_retention()
    {
        var log = _t.Get<EntryChangeLog>();
        await _t.GrantViaRequestAsync(_cast, Cast.AliceMain, 5);
        _t.Time.Advance(TimeSpan.FromDays(10));
        await _t.GrantViaRequestAsync(_cast, Cast.AliceAlt, 7);
        var all = await ChangesAsync();

        Assert.Equal([Cast.AliceAlt], (await log.AfterAsync(StandingsList.FirstListId, all[0].Id, 100, Ct)).Select(c => c.EntityId));
        Assert.Equal([Cast.AliceMain], (await log.AfterAsync(StandingsList.FirstListId, 0, 1, Ct)).Select(c => c.EntityId));
        Assert.Empty(await log.AfterAsync(StandingsList.FirstListId + 1, 0, 100, Ct));
        Assert.Equal([Cast.AliceAlt], (await log.SinceAsync(StandingsList.FirstListId, Start.AddDays(1), 100, Ct)).Select(c => c.EntityId));

        _t.Time.Advance(TimeSpan.FromDays(21)); // the first change is 31 days old, the second 21: the default keeps 30
        Assert.False(log.Covers(Start));
        Assert.True(log.Covers(Start.AddDays(10)));
        Assert.Equal(1, await log.PruneAsync(Ct));
        Assert.Equal([Cast.AliceAlt], (await ChangesAsync()).Select(c => c.EntityId));
    }
}
