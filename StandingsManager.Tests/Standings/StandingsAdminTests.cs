using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Standings;

public sealed class StandingsAdminTests
{
    [Fact]
    public async Task Administrator_adds_an_entry_with_an_audit_row()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();

        var id = await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 98_000_001, EntityType.Corporation, "  Blue Corp ", -7.5, " war target ", Ct);

        await using var db = t.CreateDbContext();
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal(id, entry.Id);
        Assert.Equal(98_000_001, entry.EntityId);
        Assert.Equal(EntityType.Corporation, entry.EntityType);
        Assert.Equal("Blue Corp", entry.EntityName);
        Assert.Equal(-7.5, entry.Standing);
        Assert.Equal("war target", entry.Notes);
        Assert.Equal("Erin Admin", entry.AddedByName);
        Assert.Equal(cast.Erin, entry.AddedByAccountId);
        Assert.Equal(Start, entry.AddedAt);
        Assert.Null(entry.RequestId);
        Assert.Equal(0, entry.Version);
        var audit = await db.Audit.SingleAsync(Ct);
        Assert.Equal(AuditAction.EntryAdded, audit.Action);
        Assert.Equal("Erin Admin", audit.ActorName);
        Assert.Equal(98_000_001, audit.SubjectId);
        Assert.Equal(EntityType.Corporation, audit.SubjectType);
        Assert.Equal("Blue Corp", audit.SubjectName);
        Assert.Equal(-7.5, audit.Standing);
        Assert.Equal("war target", audit.Details);
    }

    [Fact]
    public async Task Administrator_edits_an_entry_with_the_current_version()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99_000_001, EntityType.Alliance, "Blue Alliance", 5, "old", Ct);

        await t.Admin.EditAsync(cast.Frank, id, 0, -10, "now red", Ct);

        await using var db = t.CreateDbContext();
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal(-10, entry.Standing);
        Assert.Equal("now red", entry.Notes);
        Assert.Equal(1, entry.Version);
        Assert.Equal("Erin Admin", entry.AddedByName);
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.EntryEdited, Ct);
        Assert.Equal("Frank Admin", audit.ActorName);
        Assert.Equal(-10, audit.Standing);
        Assert.Equal("Standing +5.0 → -10.0. Notes: now red", audit.Details);
        var row = Assert.Single((await t.Queries.StandingsAsync(StandingsList.FirstListId, cast.Carol, null, null, 0, 10, Ct)).Items);
        Assert.Equal(1, row.Version);
    }

    [Fact]
    public async Task Editing_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99_000_001, EntityType.Alliance, "Blue Alliance", 5, null, Ct);
        await t.Admin.EditAsync(cast.Frank, id, 0, 6, null, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Conflict, () => t.Admin.EditAsync(cast.Erin, id, 0, 1, "mine", Ct));

        Assert.Equal("Someone else changed this entry a moment ago. Reload and try again.", ex.Message);
        await using var db = t.CreateDbContext();
        Assert.Equal(6, (await db.Standings.SingleAsync(Ct)).Standing);
    }

    [Fact]
    public async Task Administrator_removes_an_entry_with_an_audit_row()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99_000_001, EntityType.Alliance, "Blue Alliance", 5, null, Ct);
        t.Time.Advance(TimeSpan.FromDays(30));

        await t.Admin.RemoveAsync(cast.Frank, id, 0, "alliance disbanded", Ct);

        await using var db = t.CreateDbContext();
        Assert.Equal(0, await db.Standings.CountAsync(Ct));
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.EntryRemoved, Ct);
        Assert.Equal("Frank Admin", audit.ActorName);
        Assert.Equal("Blue Alliance", audit.SubjectName);
        Assert.Equal(5, audit.Standing);
        Assert.Equal("alliance disbanded", audit.Details);
        Assert.Equal(Start.AddDays(30), audit.At);
        await t.RefusedAsync(WorkflowError.NotFound, () => t.Admin.RemoveAsync(cast.Frank, id, 0, null, Ct));
        await t.RefusedAsync(WorkflowError.NotFound, () => t.Admin.EditAsync(cast.Frank, id, 0, 1, null, Ct));
    }

    [Fact]
    public async Task Members_approvers_and_auditors_cannot_use_the_admin_functions()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99_000_001, EntityType.Alliance, "Blue Alliance", 5, null, Ct);

        foreach (var who in new[] { cast.Alice, cast.Carol, cast.Gina })
        {
            var add = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Admin.AddAsync(StandingsList.FirstListId, who, 42, EntityType.Corporation, "Sneaky Corp", 10, null, Ct));
            await t.RefusedAsync(WorkflowError.Forbidden, () => t.Admin.EditAsync(who, id, 0, 10, null, Ct));
            await t.RefusedAsync(WorkflowError.Forbidden, () => t.Admin.RemoveAsync(who, id, 0, null, Ct));
            Assert.Equal("You need the Administrator role to edit the standings list.", add.Message);
        }
    }

    [Theory]
    [InlineData(10.5)]
    [InlineData(-11)]
    [InlineData(double.NaN)]
    public async Task Standings_outside_the_range_are_invalid(double standing)
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99_000_001, EntityType.Alliance, "Blue Alliance", 5, null, Ct);

        await t.RefusedAsync(WorkflowError.Invalid, () => t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 42, EntityType.Corporation, "Corp", standing, null, Ct));
        await t.RefusedAsync(WorkflowError.Invalid, () => t.Admin.EditAsync(cast.Erin, id, 0, standing, null, Ct));
    }

    [Fact]
    public async Task Adding_rejects_bad_ids_empty_names_and_duplicates()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99_000_001, EntityType.Alliance, "Blue Alliance", 5, null, Ct);

        await t.RefusedAsync(WorkflowError.Invalid, () => t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 0, EntityType.Corporation, "Corp", 1, null, Ct));
        await t.RefusedAsync(WorkflowError.Invalid, () => t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, -5, EntityType.Corporation, "Corp", 1, null, Ct));
        await t.RefusedAsync(WorkflowError.Invalid, () => t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 42, EntityType.Corporation, "   ", 1, null, Ct));
        var duplicate = await t.RefusedAsync(WorkflowError.Conflict, () => t.Admin.AddAsync(StandingsList.FirstListId, cast.Frank, 99_000_001, EntityType.Alliance, "Blue Alliance", 1, null, Ct));

        Assert.Equal("Blue Alliance is already on X; edit its entry instead.", duplicate.Message);
    }

    [Fact]
    public async Task Removing_an_entry_someone_edited_since_it_was_shown_is_refused_and_loses_nothing()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99_000_001, EntityType.Alliance, "Blue Alliance", 5, null, Ct);
        await t.Admin.EditAsync(cast.Erin, id, 0, 10, "upgraded", Ct); // version 0 → 1 while Frank still sees version 0

        await t.RefusedAsync(WorkflowError.Conflict, () => t.Admin.RemoveAsync(cast.Frank, id, 0, "stale view", Ct));

        await using (var db = t.CreateDbContext())
            Assert.Equal(10, (await db.Standings.SingleAsync(e => e.Id == id, Ct)).Standing);
        await t.Admin.RemoveAsync(cast.Frank, id, 1, "seen the edit", Ct);
        await using var after = t.CreateDbContext();
        Assert.False(await after.Standings.AnyAsync(Ct));
    }
}
