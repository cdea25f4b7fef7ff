using System.Text;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.EsiIntegration;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Standings;

/// <summary>Entries, edits, bulk edits, CSV import and export per list, on real SQLite: lists holding the same entity do not interfere.</summary>
public sealed class PerListStandingsTests : IAsyncLifetime
{
    private const int First = StandingsList.FirstListId;
    private const long BlueAlliance = 99_000_001;
    private const long BlueCorp = 98_000_001;

    private readonly EsiRig _rig = new();
    private CoreTestDatabase _t = null!;
    private Cast _cast = null!;
    private int _coalition;
    private int _wars;

    public async ValueTask InitializeAsync()
    {
        _t = await CreateAsync();
        _cast = await _t.SeedCastAsync();
        _coalition = await AddListAsync(_t, "Coalition", ListSource.Requests);
        _wars = await AddListAsync(_t, "War Targets", ListSource.WarTargets);
    }

    public async ValueTask DisposeAsync()
    {
        await _t.DisposeAsync();
        await _rig.DisposeAsync();
    }

    /// <summary>A list as an administrator's Lists page would have made it.</summary>
    public static async Task<int> AddListAsync(CoreTestDatabase t, string name, ListSource source, string? problem = null, DateTimeOffset? readAt = null)
    {
        await using var db = t.CreateDbContext();
        var list = new StandingsList
        {
            Name = name,
            LabelName = name,
            Source = source,
            CreatedAt = Start,
            DefaultStanding = source == ListSource.WarTargets ? -10 : 5,
            SourceProblem = problem,
            SourceReadAt = readAt,
        };
        db.Lists.Add(list);
        await db.SaveChangesAsync(Ct);
        return list.Id;
    }

    private async Task<int> AddEntryDirectlyAsync(int listId, long entityId, string name, double standing)
    {
        await using var db = _t.CreateDbContext();
        var entry = new StandingsEntry { ListId = listId, EntityId = entityId, EntityType = EntityType.Alliance, EntityName = name, Standing = standing, AddedByName = "System", AddedAt = Start };
        db.Standings.Add(entry);
        await db.SaveChangesAsync(Ct);
        return entry.Id;
    }

    private async Task<IReadOnlyList<StandingsRow>> RowsAsync(int listId) => (await _t.Queries.StandingsAsync(listId, _cast.Gina, null, null, 0, 50, Ct)).Items;

    [Fact]
    public async Task The_same_entity_sits_on_two_lists_at_different_standings_and_each_edit_stays_on_its_list()
    {
        var onFirst = await _t.Admin.AddAsync(First, _cast.Erin, BlueAlliance, EntityType.Alliance, "Blue Alliance", 5, null, Ct);
        var onCoalition = await _t.Admin.AddAsync(_coalition, _cast.Erin, BlueAlliance, EntityType.Alliance, "Blue Alliance", -5, null, Ct);

        await _t.Admin.EditAsync(_cast.Frank, onCoalition, 0, 10, "now friends", Ct);
        var duplicate = await _t.RefusedAsync(WorkflowError.Conflict,
            () => _t.Admin.AddAsync(_coalition, _cast.Erin, BlueAlliance, EntityType.Alliance, "Blue Alliance", 1, null, Ct));

        Assert.Equal("Blue Alliance is already on Coalition; edit its entry instead.", duplicate.Message);
        Assert.Equal((onFirst, 5.0, (string?)null), (await RowsAsync(First)).Select(r => (r.Id, r.Standing, r.Notes)).Single());
        Assert.Equal((onCoalition, 10.0, "now friends"), (await RowsAsync(_coalition)).Select(r => (r.Id, r.Standing, r.Notes)).Single());
        await using var db = _t.CreateDbContext();
        Assert.Equal([(AuditAction.EntryAdded, First), (AuditAction.EntryAdded, _coalition), (AuditAction.EntryEdited, _coalition)],
            (await db.Audit.OrderBy(a => a.Id).ToListAsync(Ct)).Select(a => (a.Action, a.ListId ?? 0)));
        // The history of the entity on each list is that list's own.
        Assert.Equal([AuditAction.EntryAdded], (await _t.Queries.HistoryAsync(First, _cast.Gina, BlueAlliance, Ct)).Select(a => a.Action));
        Assert.Equal([AuditAction.EntryEdited, AuditAction.EntryAdded], (await _t.Queries.HistoryAsync(_coalition, _cast.Gina, BlueAlliance, Ct)).Select(a => a.Action));
    }

    [Fact]
    public async Task Removing_and_bulk_editing_on_one_list_leave_the_other_alone()
    {
        var onFirst = await _t.Admin.AddAsync(First, _cast.Erin, BlueAlliance, EntityType.Alliance, "Blue Alliance", 5, null, Ct);
        var onCoalition = await _t.Admin.AddAsync(_coalition, _cast.Erin, BlueAlliance, EntityType.Alliance, "Blue Alliance", -5, null, Ct);
        var expiry = Start.AddDays(30);

        await _t.Admin.BulkAsync(_coalition, _cast.Frank, [new EntryRef(onCoalition, 0)], BulkChange.SetExpiry(expiry), "trial", Ct);
        // The first list's entry, sent as if it were on the coalition's list: it is not there, so nothing changes.
        var stale = await _t.RefusedAsync(WorkflowError.Conflict,
            () => _t.Admin.BulkAsync(_coalition, _cast.Frank, [new EntryRef(onFirst, 0)], BulkChange.Remove, "wrong list", Ct));
        Assert.StartsWith("1 of the selected entries changed or went", stale.Message, StringComparison.Ordinal);

        Assert.Equal(expiry, (await RowsAsync(_coalition)).Single().ExpiresAt);
        Assert.Null((await RowsAsync(First)).Single().ExpiresAt);
        await _t.Admin.RemoveAsync(_cast.Frank, onFirst, 0, "gone", Ct);
        Assert.Empty(await RowsAsync(First));
        Assert.Single(await RowsAsync(_coalition));
        await using var db = _t.CreateDbContext();
        Assert.Equal(First, (await db.Audit.SingleAsync(a => a.Action == AuditAction.EntryRemoved, Ct)).ListId);
    }

    [Fact]
    public async Task A_list_written_by_its_source_refuses_every_hand_change_and_still_exports()
    {
        var target = await AddEntryDirectlyAsync(_wars, BlueAlliance, "Red Alliance", -10);
        const string Refusal = "War Targets is written by its source (war targets): it cannot be edited by hand.";
        var before = await _t.SnapshotAsync();

        Assert.Equal(Refusal, (await _t.RefusedAsync(WorkflowError.Invalid,
            () => _t.Admin.AddAsync(_wars, _cast.Erin, BlueCorp, EntityType.Corporation, "Blue Corp", 5, null, Ct))).Message);
        Assert.Equal(Refusal, (await _t.RefusedAsync(WorkflowError.Invalid, () => _t.Admin.EditAsync(_cast.Erin, target, 0, 5, null, Ct))).Message);
        Assert.Equal(Refusal, (await _t.RefusedAsync(WorkflowError.Invalid, () => _t.Admin.RemoveAsync(_cast.Erin, target, 0, null, Ct))).Message);
        Assert.Equal(Refusal, (await _t.RefusedAsync(WorkflowError.Invalid,
            () => _t.Admin.BulkAsync(_wars, _cast.Erin, [new EntryRef(target, 0)], BulkChange.SetExpiry(Start.AddDays(1)), "expire it", Ct))).Message);
        Assert.Equal(Refusal, (await _t.RefusedAsync(WorkflowError.Invalid,
            () => _t.Get<ManualEntries>().AddAsync(_wars, _cast.Erin, BlueCorp, EntityType.Corporation, 5, null, Ct))).Message);
        var import = new StandingsImport(_t.Factory, _t.Actors, _rig.Esi, _t.Events, _t.Time);
        Assert.Equal(Refusal, (await _t.RefusedAsync(WorkflowError.Invalid,
            () => import.PreviewAsync(_wars, _cast.Erin, Csv("id,type,standing", $"{BlueCorp},corporation,5"), Ct))).Message);
        // A preview made for another list cannot be pointed at this one.
        var forged = new ImportPreview([new ImportRow(2, ImportAction.Add, BlueCorp, EntityType.Corporation, "Blue Corp", 5, null, null, null)]) { ListId = _wars };
        Assert.Equal(Refusal, (await _t.RefusedAsync(WorkflowError.Invalid, () => import.ApplyAsync(_cast.Erin, forged, null, Ct))).Message);

        Assert.Equal(before, await _t.SnapshotAsync());
        using var output = new MemoryStream();
        await _t.Queries.ExportAsync(_wars, _cast.Gina, output, Ct);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{BlueAlliance},alliance,Red Alliance,-10,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_holds_only_the_chosen_lists_entries_and_an_unknown_list_is_not_found()
    {
        await _t.Admin.AddAsync(First, _cast.Erin, BlueAlliance, EntityType.Alliance, "Blue Alliance", 5, null, Ct);
        await _t.Admin.AddAsync(_coalition, _cast.Erin, BlueCorp, EntityType.Corporation, "Blue Corp", 3, null, Ct);

        using var output = new MemoryStream();
        await _t.Queries.ExportAsync(_coalition, _cast.Carol, output, Ct);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{BlueCorp},corporation,Blue Corp,3,", lines[1], StringComparison.Ordinal);
        await _t.RefusedAsync(WorkflowError.NotFound, () => _t.Queries.ExportAsync(999, _cast.Carol, new MemoryStream(), Ct));
        await _t.RefusedAsync(WorkflowError.Forbidden, () => _t.Queries.ExportAsync(_coalition, _cast.Alice, new MemoryStream(), Ct));
    }

    [Fact]
    public async Task A_csv_import_into_a_list_compares_with_that_list_only_and_adds_there()
    {
        await _t.Admin.AddAsync(First, _cast.Erin, BlueAlliance, EntityType.Alliance, "Blue Alliance", 5, null, Ct);
        var import = new StandingsImport(_t.Factory, _t.Actors, _rig.Esi, _t.Events, _t.Time);

        // Blue Alliance is on the first list at +5: for the coalition's list it is new.
        var preview = await import.PreviewAsync(_coalition, _cast.Erin, Csv("id,type,standing", $"{BlueAlliance},alliance,-5"), Ct);
        Assert.Equal((ImportAction.Add, _coalition), (Assert.Single(preview.Rows).Action, preview.ListId));
        Assert.Equal(1, await import.ApplyAsync(_cast.Erin, preview, "coalition sheet", Ct));

        Assert.Equal(5, (await RowsAsync(First)).Single().Standing);
        Assert.Equal(-5, (await RowsAsync(_coalition)).Single().Standing);
        var again = await import.PreviewAsync(_coalition, _cast.Erin, Csv("id,type,standing", $"{BlueAlliance},alliance,-5"), Ct);
        Assert.Equal(ImportAction.Unchanged, Assert.Single(again.Rows).Action);
        await using var db = _t.CreateDbContext();
        var added = await db.Audit.OrderBy(a => a.Id).LastAsync(Ct);
        Assert.Equal((AuditAction.EntryAdded, (int?)_coalition), (added.Action, added.ListId));
    }

    [Fact]
    public async Task The_lists_for_the_pickers_name_their_source_and_leave_deleted_lists_to_the_audit_log()
    {
        await using (var db = _t.CreateDbContext())
        {
            var gone = await db.Lists.SingleAsync(l => l.Id == _coalition, Ct);
            gone.DeletedAt = Start;
            await db.SaveChangesAsync(Ct);
        }

        var shown = await _t.Queries.ListsAsync(_cast.Carol, ct: Ct);
        var all = await _t.Queries.ListsAsync(_cast.Gina, includeDeleted: true, Ct);

        Assert.Equal([(First, false), (_wars, true)], shown.Select(l => (l.Id, l.IsReadOnly)));
        Assert.Equal([First, _coalition, _wars], all.Select(l => l.Id));
        Assert.Equal("Coalition (deleted)", all[1].Label);
        await _t.RefusedAsync(WorkflowError.Forbidden, () => _t.Queries.ListsAsync(_cast.Alice, ct: Ct));
        // A deleted list's entries cannot be changed any more.
        Assert.Equal("Coalition was deleted: its entries cannot be changed.", (await _t.RefusedAsync(WorkflowError.Invalid,
            () => _t.Admin.AddAsync(_coalition, _cast.Erin, BlueCorp, EntityType.Corporation, "Blue Corp", 5, null, Ct))).Message);
    }

    private static MemoryStream Csv(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
}
