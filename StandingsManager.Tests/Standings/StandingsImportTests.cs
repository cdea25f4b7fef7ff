using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.EsiIntegration;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Standings;

/// <summary>CSV import on real SQLite, with names and ids looked up over real HTTP in the app's simulated ESI.</summary>
public sealed class StandingsImportTests : IAsyncLifetime
{
    private const long BlueFriendsCorp = 98_000_002;
    private const long FriendlyCoalition = 99_000_002;
    private const long PetePirate = 90_000_201;
    private const long BobBlue = 90_000_101;

    private readonly EsiRig _rig = new();
    private CoreTestDatabase _t = null!;
    private Cast _cast = null!;
    private StandingsImport _import = null!;

    public async ValueTask InitializeAsync()
    {
        _t = await CreateAsync();
        _cast = await _t.SeedCastAsync();
        _import = new StandingsImport(_t.Factory, _t.Actors, _rig.Esi, _t.Events, _t.Time);
    }

    public async ValueTask DisposeAsync()
    {
        await _t.DisposeAsync();
        await _rig.DisposeAsync();
    }

    private static MemoryStream Csv(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    private Task<ImportPreview> PreviewAsync(params string[] lines) => _import.PreviewAsync(StandingsList.FirstListId, _cast.Frank, Csv(lines), Ct);

    private async Task SeedListAsync()
    {
        await _t.Admin.AddAsync(StandingsList.FirstListId, _cast.Erin, BlueFriendsCorp, EntityType.Corporation, "Blue Friends Corp", 5, "allies", Ct);
        await _t.Admin.AddAsync(StandingsList.FirstListId, _cast.Erin, FriendlyCoalition, EntityType.Alliance, "Friendly Coalition", 3, "old note", Ct);
    }

    [Fact]
    public async Task The_preview_shows_every_line_as_add_update_unchanged_or_error_by_line()
    {
        await SeedListAsync();

        var preview = await PreviewAsync(
            "id,type,name,standing,notes,expires_at",
            $"{BlueFriendsCorp},corporation,Blue Friends Corp,5,allies,",
            $"{FriendlyCoalition},alliance,,8,,2027-01-31",
            ",character,Pete Pirate,-10,pirate,",
            $"{BobBlue},character,,2.5,,",
            ",character,Nobody Here,5,,",
            "4000000001,character,,5,,",
            "1000125,corporation,,5,,",
            ",corporation,Pete Pirate,5,,",
            "98000004,alliance,,1,,",
            ",character,pete pirate,3,,",
            ",character,Caldari State,1,,",
            $"{BobBlue},character,,11,,");

        Assert.Equal(
        [
            (2, ImportAction.Unchanged, null),
            (3, ImportAction.Update, "standing +3.0 → +8.0; notes cleared; expiry none → 2027-01-31"),
            (4, ImportAction.Add, null),
            (5, ImportAction.Add, null),
            (6, ImportAction.Error, "EVE knows no character named 'Nobody Here'. Check the spelling, or give the id."),
            (7, ImportAction.Error, "EVE knows no id 4000000001. Check the number."),
            (8, ImportAction.Error, "1000125 is an NPC corporation: the game sets NPC standings, so they cannot be on the list."),
            (9, ImportAction.Error, "'Pete Pirate' is a character, not a corporation."),
            (10, ImportAction.Error, "98000004 is Pirate Menace, a corporation, not an alliance."),
            (11, ImportAction.Error, $"Pete Pirate ({PetePirate}) is already on line 4: keep one line per entity."),
            (12, ImportAction.Error, "'Caldari State' is a faction, not a character."),
            (13, ImportAction.Error, "A standing must be between -10 and +10; 11 is not."),
        ], preview.Rows.Select(r => (r.Line, r.Action, r.Message)));
        var pete = preview.Rows[2];
        Assert.Equal((PetePirate, "Pete Pirate", -10.0, "pirate"), (pete.EntityId!.Value, pete.Name!, pete.Standing!.Value, pete.Notes!));
        Assert.Equal("Bob Blue", preview.Rows[3].Name); // an id alone gets EVE's name
        Assert.False(preview.CanApply);
    }

    [Fact]
    public async Task An_entries_change_heard_from_another_instance_makes_no_character_due_here()
    {
        await using (var db = _t.CreateDbContext())
        {
            await db.GrantAsync(Cast.AliceMain, Start);
            await db.EnrolAsync(Cast.AliceMain, _cast.Alice, Start); // next sync in 30 minutes
        }
        var queued = new List<SyncEvent>();
        var syncEvents = new SyncEvents(NullLogger<SyncEvents>.Instance);
        using var heard = syncEvents.Subscribe(e => { queued.Add(e); return Task.CompletedTask; });
        using var dueSoon = new SyncDueSoon(_t.Factory, syncEvents, new SyncTrigger(), _t.Time).Follow(_t.Events);

        // The instance where the entries changed made everyone due already; repeating it here would do it twice.
        await _t.Events.ReceiveAsync(new StandingsChange(StandingsChangeKind.Entries));
        var afterRemote = await NextSyncOfAliceAsync();
        await _t.Events.PublishAsync(new StandingsChange(StandingsChangeKind.Entries));
        var afterLocal = await NextSyncOfAliceAsync();

        Assert.Equal(Start.AddMinutes(30), afterRemote);
        Assert.True(afterLocal <= Start + SyncDueSoon.Spread, $"next sync at {afterLocal}");
        Assert.Equal([Cast.AliceMain], queued.Select(e => e.CharacterId));
    }

    private async Task<DateTimeOffset?> NextSyncOfAliceAsync()
    {
        await using var db = _t.CreateDbContext();
        return await db.SyncedCharacters.Where(s => s.CharacterId == Cast.AliceMain).Select(s => s.NextSyncAt).SingleAsync(Ct);
    }

    [Fact]
    public async Task Apply_writes_every_change_with_one_audit_row_each_and_makes_synced_characters_due()
    {
        await SeedListAsync();
        await using (var db = _t.CreateDbContext())
        {
            await db.GrantAsync(Cast.AliceMain, Start);
            await db.EnrolAsync(Cast.AliceMain, _cast.Alice, Start); // next sync in 30 minutes
        }
        using var dueSoon = new SyncDueSoon(_t.Factory, new SyncEvents(NullLogger<SyncEvents>.Instance), new SyncTrigger(), _t.Time).Follow(_t.Events);
        var preview = await PreviewAsync(
            "name,type,standing,expires_at",
            "Blue Friends Corp,corporation,5,",
            "Friendly Coalition,alliance,-2,2027-01-31",
            "Pete Pirate,character,-10,");
        var auditBefore = (await _t.SnapshotAsync()).Audit;

        var changed = await _import.ApplyAsync(_cast.Frank, preview, " spring clean ", Ct);

        Assert.Equal(2, changed);
        await using var check = _t.CreateDbContext();
        var entries = await check.Standings.OrderBy(e => e.EntityId).ToListAsync(Ct);
        Assert.Equal([(PetePirate, -10.0, (string?)null), (BlueFriendsCorp, 5.0, "allies"), (FriendlyCoalition, -2.0, "old note")],
            entries.Select(e => (e.EntityId, e.Standing, e.Notes)));
        var coalition = entries.Single(e => e.EntityId == FriendlyCoalition);
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero), coalition.ExpiresAt);
        var pete = entries.Single(e => e.EntityId == PetePirate);
        Assert.Equal(("Frank Admin", EntityType.Character, "Pete Pirate"), (pete.AddedByName, pete.EntityType, pete.EntityName));
        var audit = await check.Audit.Where(a => a.Id > auditBefore).OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal(
        [
            (AuditAction.EntryEdited, FriendlyCoalition, "Standing +3.0 → -2.0; expiry none → 2027-01-31. Imported from CSV: spring clean."),
            (AuditAction.EntryAdded, PetePirate, "Imported from CSV: spring clean."),
        ], audit.Select(a => (a.Action, a.SubjectId!.Value, a.Details!)).OrderBy(a => a.Item2 == PetePirate));
        Assert.All(audit, a => Assert.Equal("Frank Admin", a.ActorName));
        var synced = await check.SyncedCharacters.SingleAsync(Ct);
        Assert.True(synced.NextSyncAt <= Start + SyncDueSoon.Spread, $"next sync at {synced.NextSyncAt}");
    }

    [Fact]
    public async Task A_german_administrator_previews_in_german_and_the_audit_row_keeps_english_and_german()
    {
        await SeedListAsync();
        CoreLanguage.Set("de");
        var preview = await PreviewAsync("name,type,standing,notes", "Friendly Coalition,alliance,-2,new note");

        Assert.Equal("Ansehen +3,0 → -2,0; Notizen geändert", Assert.Single(preview.Rows).Message);
        await _import.ApplyAsync(_cast.Frank, preview, null, Ct);

        await using var check = _t.CreateDbContext();
        var row = await check.Audit.Where(a => a.Action == AuditAction.EntryEdited && a.SubjectId == FriendlyCoalition).OrderBy(a => a.Id).LastAsync(Ct);
        Assert.Equal("Standing +3.0 → -2.0; notes changed. Imported from CSV.", row.Details);
        Assert.Equal("Ansehen +3,0 → -2,0; Notizen geändert. Importiert aus CSV.", row.ShownDetails);
        CoreLanguage.Set("en");
        Assert.Equal(row.Details, row.ShownDetails);
    }

    [Fact]
    public async Task A_file_with_errors_applies_nothing()
    {
        var preview = await PreviewAsync("name,type,standing", "Pete Pirate,character,-10", "Bob Blue,character,12");

        var ex = await _t.RefusedAsync(WorkflowError.Invalid, () => _import.ApplyAsync(_cast.Frank, preview, null, Ct));

        Assert.Equal("Fix the lines with errors and preview again; nothing was changed.", ex.Message);
    }

    [Fact]
    public async Task Apply_is_all_or_nothing_when_someone_adds_one_of_the_entities_after_the_preview()
    {
        await SeedListAsync();
        var preview = await PreviewAsync("name,type,standing", "Friendly Coalition,alliance,9", "Pete Pirate,character,-10", "Bob Blue,character,4");
        await _t.Admin.AddAsync(StandingsList.FirstListId, _cast.Erin, BobBlue, EntityType.Character, "Bob Blue", 1, null, Ct);

        var ex = await _t.RefusedAsync(WorkflowError.Conflict, () => _import.ApplyAsync(_cast.Frank, preview, null, Ct));

        Assert.Contains("The list changed since the preview", ex.Message, StringComparison.Ordinal);
        await using var db = _t.CreateDbContext();
        Assert.Equal(3, (await db.Standings.SingleAsync(e => e.EntityId == FriendlyCoalition, Ct)).Standing);
        Assert.False(await db.Standings.AnyAsync(e => e.EntityId == PetePirate, Ct));
    }

    [Fact]
    public async Task Apply_refuses_an_update_of_an_entry_edited_since_the_preview()
    {
        await SeedListAsync();
        var preview = await PreviewAsync("name,type,standing", "Pete Pirate,character,-10", "Friendly Coalition,alliance,9");
        var coalition = preview.Rows.Single(r => r.EntityId == FriendlyCoalition);
        await _t.Admin.EditAsync(_cast.Erin, coalition.EntryId!.Value, coalition.ExpectedVersion!.Value, 1, null, Ct);

        await _t.RefusedAsync(WorkflowError.Conflict, () => _import.ApplyAsync(_cast.Frank, preview, null, Ct));
    }

    [Fact]
    public async Task Only_administrators_import_and_the_file_is_not_read_before_the_check()
    {
        var unread = new UnreadableStream();

        var ex = await _t.RefusedAsync(WorkflowError.Forbidden, () => _import.PreviewAsync(StandingsList.FirstListId, _cast.Carol, unread, Ct));

        Assert.Equal("You need the Administrator role to import the standings list.", ex.Message);
        var preview = await PreviewAsync("name,type,standing", "Pete Pirate,character,-10");
        await _t.RefusedAsync(WorkflowError.Forbidden, () => _import.ApplyAsync(_cast.Gina, preview, null, Ct));
    }

    [Fact]
    public async Task Export_lists_the_whole_list_for_readers_of_it_and_refuses_members()
    {
        await SeedListAsync();
        using var output = new MemoryStream();

        await _t.Queries.ExportAsync(StandingsList.FirstListId, _cast.Gina, output, Ct);

        Assert.Equal(
            "id,type,name,standing,notes,expires_at,added_by,added_at\r\n" +
            "98000002,corporation,Blue Friends Corp,5,allies,,Erin Admin,2026-11-24T12:00:00Z\r\n" +
            "99000002,alliance,Friendly Coalition,3,old note,,Erin Admin,2026-11-24T12:00:00Z\r\n",
            Encoding.UTF8.GetString(output.ToArray()));
        var ex = await _t.RefusedAsync(WorkflowError.Forbidden, () => _t.Queries.ExportAsync(StandingsList.FirstListId, _cast.Bob, new MemoryStream(), Ct));
        Assert.Contains("to export the standings list", ex.Message, StringComparison.Ordinal);
    }

    private sealed class UnreadableStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read before the role check");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("read before the role check");
    }
}
