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

/// <summary>Entries added by hand on real SQLite, with ids and names resolved over real HTTP in the app's simulated ESI.</summary>
public sealed class ManualEntriesTests : IAsyncLifetime
{
    private const long BlueFriendsCorp = 98_000_002;
    private const long PirateMenace = 98_000_004;
    private const long FriendlyCoalition = 99_000_002;
    private const long BobBlue = 90_000_101;

    private readonly EsiRig _rig = new();
    private CoreTestDatabase _t = null!;
    private Cast _cast = null!;
    private ManualEntries _entries = null!;

    public async ValueTask InitializeAsync()
    {
        _t = await CreateAsync();
        _cast = await _t.SeedCastAsync();
        _entries = new ManualEntries(_t.Factory, _t.Actors, _rig.Esi, _t.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        await _t.DisposeAsync();
        await _rig.DisposeAsync();
    }

    private async Task<WorkflowException> RefusedAsync(Func<Task> step)
    {
        var ex = await Assert.ThrowsAsync<WorkflowException>(step);
        await using var db = _t.CreateDbContext();
        Assert.Empty(await db.Standings.ToListAsync(Ct));
        Assert.Empty(await db.Audit.Where(a => a.Action == AuditAction.EntryAdded).ToListAsync(Ct));
        return ex;
    }

    [Fact]
    public async Task An_id_of_another_type_than_chosen_is_refused_with_the_type_eve_gives()
    {
        var ex = await RefusedAsync(() => _entries.AddAsync(StandingsList.FirstListId, _cast.Frank, BobBlue, EntityType.Corporation, 5, null, Ct));

        Assert.Equal(WorkflowError.Invalid, ex.Error);
        Assert.Equal($"{BobBlue} is Bob Blue, a character, not a corporation.", ex.Message);
    }

    [Fact]
    public async Task The_entry_takes_eves_name_for_the_id()
    {
        var (entryId, name) = await _entries.AddAsync(StandingsList.FirstListId, _cast.Frank, BlueFriendsCorp, EntityType.Corporation, 7.5, "allies", Ct);

        Assert.Equal("Blue Friends Corp", name);
        await using var db = _t.CreateDbContext();
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal((entryId, BlueFriendsCorp, EntityType.Corporation, "Blue Friends Corp", 7.5, "allies"),
            (entry.Id, entry.EntityId, entry.EntityType, entry.EntityName, entry.Standing, entry.Notes));
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.EntryAdded, Ct);
        Assert.Equal("Blue Friends Corp", audit.SubjectName);
    }

    [Fact]
    public async Task An_id_eve_does_not_know_is_refused()
    {
        var ex = await RefusedAsync(() => _entries.AddAsync(StandingsList.FirstListId, _cast.Frank, 4_000_000_001, EntityType.Character, 5, null, Ct));

        Assert.Equal("EVE knows no id 4000000001. Check the number.", ex.Message);
    }

    [Fact]
    public async Task An_npc_corporation_is_refused()
    {
        var ex = await RefusedAsync(() => _entries.AddAsync(StandingsList.FirstListId, _cast.Frank, 1_000_125, EntityType.Corporation, 5, null, Ct));

        Assert.Equal("1000125 is an NPC corporation: the game sets NPC standings, so they cannot be on the list.", ex.Message);
    }

    [Fact]
    public async Task A_standing_off_the_scale_is_refused()
    {
        var ex = await RefusedAsync(() => _entries.AddAsync(StandingsList.FirstListId, _cast.Frank, BlueFriendsCorp, EntityType.Corporation, 15, null, Ct));

        Assert.Equal("A standing must be between -10 and +10; 15 is not.", ex.Message);
    }

    [Fact]
    public async Task Only_administrators_add_entries_or_look_names_up()
    {
        var add = await RefusedAsync(() => _entries.AddAsync(StandingsList.FirstListId, _cast.Carol, BlueFriendsCorp, EntityType.Corporation, 5, null, Ct));
        var find = await Assert.ThrowsAsync<WorkflowException>(() => _entries.FindAsync(_cast.Carol, "Blue Friends Corp", Ct));

        Assert.Equal(WorkflowError.Forbidden, add.Error);
        Assert.Equal(WorkflowError.Forbidden, find.Error);
    }

    [Theory]
    [InlineData("Blue Friends Corp", BlueFriendsCorp, "corporation")]
    [InlineData("friendly coalition", FriendlyCoalition, "alliance")]
    [InlineData("Bob Blue", BobBlue, "character")]
    public async Task An_exact_name_finds_the_entity_with_eves_id_name_and_type(string typed, long id, string category)
    {
        var found = await _entries.FindAsync(_cast.Frank, typed, Ct);

        var entity = Assert.Single(found);
        Assert.Equal(id, entity.Id);
        Assert.Equal(category, entity.Category);
        Assert.Equal(typed, entity.Name, ignoreCase: true);
    }

    [Theory]
    [InlineData("Nobody Here", "EVE knows no character, corporation or alliance named 'Nobody Here'. Check the spelling, or give the id.")]
    [InlineData("Caldari State", "'Caldari State' is a faction: only characters, corporations and alliances can be on the list.")]
    [InlineData("  ", "Give the exact name of a character, corporation or alliance.")]
    public async Task A_name_that_cannot_be_on_the_list_is_refused_with_why(string typed, string message)
    {
        var ex = await Assert.ThrowsAsync<WorkflowException>(() => _entries.FindAsync(_cast.Frank, typed, Ct));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task A_found_entity_is_added_under_eves_name()
    {
        var found = Assert.Single(await _entries.FindAsync(_cast.Frank, "pirate menace", Ct));

        var (_, name) = await _entries.AddAsync(StandingsList.FirstListId, _cast.Frank, found.Id, EntityType.Corporation, -10, null, Ct);

        Assert.Equal((PirateMenace, "Pirate Menace"), (found.Id, name));
    }
}
