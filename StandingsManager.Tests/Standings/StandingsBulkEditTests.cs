using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Standings;

public sealed class StandingsBulkEditTests
{
    private static readonly DateTimeOffset NewYear = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(CoreTestDatabase T, Cast Cast, List<EntryRef> Entries)> SeedAsync()
    {
        var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var entries = new List<EntryRef>();
        foreach (var (id, name) in new[] { (98_000_002L, "Blue Friends Corp"), (98_000_003L, "Neutral Traders"), (98_000_004L, "Pirate Menace") })
            entries.Add(new EntryRef(await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, id, EntityType.Corporation, name, 5, null, Ct), 0));
        return (t, cast, entries);
    }

    private static async Task<List<AuditEntry>> AuditAfterSeedAsync(CoreTestDatabase t)
    {
        await using var db = t.CreateDbContext();
        return await db.Audit.Where(a => a.Action != AuditAction.EntryAdded).OrderBy(a => a.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task Setting_a_standing_changes_the_selected_entries_only_with_one_audit_row_each()
    {
        var (t, cast, entries) = await SeedAsync();
        await using var _ = t;

        var changed = await t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, entries[..2], BulkChange.SetStanding(-10), " war declared ", Ct);

        Assert.Equal(2, changed);
        await using var db = t.CreateDbContext();
        Assert.Equal([("Blue Friends Corp", -10.0, 1), ("Neutral Traders", -10.0, 1), ("Pirate Menace", 5.0, 0)],
            (await db.Standings.OrderBy(e => e.EntityName).ToListAsync(Ct)).Select(e => (e.EntityName, e.Standing, e.Version)));
        var audit = await AuditAfterSeedAsync(t);
        Assert.Equal(
        [
            (AuditAction.EntryEdited, "Blue Friends Corp", "Standing +5.0 → -10.0. Reason: war declared"),
            (AuditAction.EntryEdited, "Neutral Traders", "Standing +5.0 → -10.0. Reason: war declared"),
        ], audit.Select(a => (a.Action, a.SubjectName!, a.Details!)).OrderBy(a => a.Item2));
        Assert.All(audit, a => Assert.Equal(("Frank Admin", -10.0), (a.ActorName, a.Standing!.Value)));
    }

    [Fact]
    public async Task An_expiry_is_set_and_then_cleared()
    {
        var (t, cast, entries) = await SeedAsync();
        await using var _ = t;

        await t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, entries, BulkChange.SetExpiry(NewYear), "trial period", Ct);
        var (rows, _) = await t.Queries.StandingsAsync(StandingsList.FirstListId, cast.Gina, null, null, 0, 10, Ct);
        Assert.All(rows, r => Assert.Equal(NewYear, r.ExpiresAt));
        await t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, [.. rows.Take(1).Select(r => new EntryRef(r.Id, r.Version))], BulkChange.SetExpiry(null), "made permanent", Ct);

        await using var db = t.CreateDbContext();
        Assert.Equal([null, NewYear, NewYear], (await db.Standings.OrderBy(e => e.EntityName).ToListAsync(Ct)).Select(e => e.ExpiresAt));
        Assert.Equal(["Expiry none → 2027-01-01. Reason: trial period", "Expiry 2027-01-01 → none. Reason: made permanent"],
            (await AuditAfterSeedAsync(t)).Select(a => a.Details).Distinct());
    }

    [Fact]
    public async Task Removing_removes_each_selected_entry_with_the_reason()
    {
        var (t, cast, entries) = await SeedAsync();
        await using var _ = t;

        await t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, [entries[0], entries[2]], BulkChange.Remove, "left the coalition", Ct);

        await using var db = t.CreateDbContext();
        Assert.Equal(["Neutral Traders"], await db.Standings.Select(e => e.EntityName).ToListAsync(Ct));
        Assert.Equal([(AuditAction.EntryRemoved, "left the coalition"), (AuditAction.EntryRemoved, "left the coalition")],
            (await AuditAfterSeedAsync(t)).Select(a => (a.Action, a.Details!)));
    }

    [Fact]
    public async Task One_stale_entry_means_nothing_changes()
    {
        var (t, cast, entries) = await SeedAsync();
        await using var _ = t;
        await t.Admin.EditAsync(cast.Erin, entries[1].EntryId, 0, 1, null, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Conflict, () => t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, entries, BulkChange.Remove, "cleanup", Ct));

        Assert.Equal("1 of the selected entries changed or went since the page showed them. Reload and try again; nothing was changed.", ex.Message);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_a_reason_and_change_nothing()
    {
        var (t, cast, entries) = await SeedAsync();
        await using var _ = t;

        Assert.Equal("Give a reason; it is recorded with every entry you change.",
            (await t.RefusedAsync(WorkflowError.Invalid, () => t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, entries, BulkChange.Remove, "  ", Ct))).Message);
        Assert.Equal("Select at least one entry.",
            (await t.RefusedAsync(WorkflowError.Invalid, () => t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, [], BulkChange.Remove, "x", Ct))).Message);
        Assert.Equal("A standing must be between -10 and +10; 10.5 is not.",
            (await t.RefusedAsync(WorkflowError.Invalid, () => t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, entries, BulkChange.SetStanding(10.5), "x", Ct))).Message);
        Assert.Equal("Choose an expiry in the future.",
            (await t.RefusedAsync(WorkflowError.Invalid, () => t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, entries, BulkChange.SetExpiry(Start), "x", Ct))).Message);
        Assert.Equal("You need the Administrator role to edit the standings list.",
            (await t.RefusedAsync(WorkflowError.Forbidden, () => t.Admin.BulkAsync(StandingsList.FirstListId, cast.Carol, entries, BulkChange.Remove, "x", Ct))).Message);
    }

    [Fact]
    public async Task A_bulk_change_publishes_once_after_it_commits()
    {
        var (t, cast, entries) = await SeedAsync();
        await using var _ = t;
        var heard = new List<StandingsChangeKind>();
        using var subscription = t.Events.Subscribe(c => { heard.Add(c.Kind); return Task.CompletedTask; });

        await t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, entries, BulkChange.SetStanding(1), "x", Ct);

        Assert.Equal([StandingsChangeKind.Entries], heard);
    }
}
