using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.SyncIntegration;

/// <summary>
/// The demo's personas against the simulated ESI with lists made at run time: each persona's characters hold the labels
/// of the lists its audience allows, and Mia Member still lacks the first list's label.
/// </summary>
public sealed class SyncPersonaListsTests : IAsyncLifetime
{
    private const long Ada = DemoPersonas.Administrator;
    private const long Mia = DemoPersonas.Member;
    private const long Bea = DemoPersonas.Blue;

    private readonly SimulatedSyncRig _rig = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    /// <summary>A list for Members only and one for Blues only, each with a crowd pilot of its own and one they share.</summary>
    private async Task<(int Members, int Blues, long MembersPilot, long BluesPilot, long Shared)> TwoListsAsync()
    {
        var crowd = DemoUniverse.Crowd.Take(3).ToList();
        return await _rig.WithDbAsync(async db =>
        {
            var members = new StandingsList { Name = "Coalition Blues", LabelName = "Coalition Blues", Priority = 150, AudienceStates = ListAudienceStates.Member, CreatedAt = _rig.Time.GetUtcNow() };
            var blues = new StandingsList { Name = "Blue Pact", LabelName = "Blue Pact", Priority = 50, AudienceStates = ListAudienceStates.Blue, CreatedAt = _rig.Time.GetUtcNow() };
            db.Lists.AddRange(members, blues);
            await db.SaveChangesAsync(SimulatedSyncRig.Ct);
            StandingsEntry Entry(int listId, DemoUniverse.Pilot pilot, double standing) => new()
            {
                ListId = listId, EntityId = pilot.Id, EntityType = StandingsManager.Core.Eve.EntityType.Character, EntityName = pilot.Name,
                Standing = standing, AddedByName = "Test", AddedAt = _rig.Time.GetUtcNow(),
            };
            db.Standings.AddRange(Entry(members.Id, crowd[0], 10), Entry(members.Id, crowd[2], 5), Entry(blues.Id, crowd[1], 5), Entry(blues.Id, crowd[2], 10));
            await db.SaveChangesAsync(SimulatedSyncRig.Ct);
            return (members.Id, blues.Id, crowd[0].Id, crowd[1].Id, crowd[2].Id);
        });
    }

    private long LabelOf(long characterId, string name) => _rig.Store.Labels(characterId).Single(l => l.LabelName == name).LabelId;

    [Fact]
    public async Task Each_persona_holds_the_labels_of_the_lists_its_audience_allows_and_syncs_them()
    {
        var (_, _, membersPilot, bluesPilot, shared) = await TwoListsAsync();

        var ada = await _rig.SyncAsync(Ada);
        var mia = await _rig.SyncAsync(Mia);
        var bea = await _rig.SyncAsync(Bea);

        // Ada, a Member: the first list and Coalition Blues, each under its own label; not the Blues' list.
        Assert.DoesNotContain(_rig.Store.Labels(Ada), l => l.LabelName == "Blue Pact");
        var coalition = LabelOf(Ada, "Coalition Blues");
        Assert.Equal([coalition], _rig.Contact(Ada, membersPilot)!.LabelIds);
        Assert.Equal(5, _rig.Contact(Ada, shared)!.Standing); // Coalition Blues is the only list of Ada's holding it
        Assert.Null(_rig.Contact(Ada, bluesPilot));
        Assert.Equal(1, ada.Collisions); // as before: Pirate Menace is her personal contact

        // Mia lacks the first list's label on purpose: a warning for that list only, Coalition Blues still syncs.
        Assert.DoesNotContain(_rig.Store.Labels(Mia), l => l.LabelId == SimulatedSyncRig.Label);
        Assert.Equal(SyncStatus.Warning, mia.Outcome);
        Assert.Equal([LabelOf(Mia, "Coalition Blues")], _rig.Contact(Mia, membersPilot)!.LabelIds);
        var statuses = await _rig.WithDbAsync(db => db.SyncedCharacterLists.AsNoTracking().Where(r => r.CharacterId == Mia).ToDictionaryAsync(r => r.ListId, SimulatedSyncRig.Ct));
        Assert.Equal(SyncListStatus.LabelMissing, statuses[StandingsList.FirstListId].Status);

        // Bea, a Blue: the Blues' list, not the Members'.
        Assert.DoesNotContain(_rig.Store.Labels(Bea), l => l.LabelName == "Coalition Blues");
        Assert.Equal(10, _rig.Contact(Bea, shared)!.Standing);
        Assert.Equal([LabelOf(Bea, "Blue Pact")], _rig.Contact(Bea, bluesPilot)!.LabelIds);
        Assert.Equal(SyncStatus.Ok, bea.Outcome);

        // Converged: nothing more to write for anyone.
        _rig.Time.Advance(SimulatedSyncRig.PastLedgerWindow);
        foreach (var persona in new[] { Ada, Mia, Bea })
        {
            var again = await _rig.SyncAsync(persona);
            Assert.Equal((0, 0, 0), (again.Added, again.Updated, again.Removed));
        }
    }

    [Fact]
    public async Task A_list_label_the_player_deleted_stays_deleted_and_only_that_list_warns()
    {
        var (members, _, membersPilot, _, _) = await TwoListsAsync();
        await _rig.SyncAsync(Ada);
        _rig.Store.ReplaceLabels(Ada, _rig.Store.Labels(Ada).Where(l => l.LabelName != "Coalition Blues"));
        _rig.Time.Advance(SimulatedSyncRig.PastLedgerWindow);

        var report = await _rig.SyncAsync(Ada);

        Assert.DoesNotContain(_rig.Store.Labels(Ada), l => l.LabelName == "Coalition Blues");
        Assert.Equal(SyncStatus.Warning, report.Outcome);
        Assert.NotNull(_rig.Contact(Ada, membersPilot)); // frozen, not removed
        var status = await _rig.WithDbAsync(db => db.SyncedCharacterLists.AsNoTracking().SingleAsync(r => r.CharacterId == Ada && r.ListId == members, SimulatedSyncRig.Ct));
        Assert.Equal(SyncListStatus.LabelMissing, status.Status);
    }
}
