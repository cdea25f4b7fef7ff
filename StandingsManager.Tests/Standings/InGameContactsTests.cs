using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Standings;

namespace StandingsManager.Tests.Standings;

/// <summary>The pure part of the import from game: which contacts become lines, and the drift both ways.</summary>
public sealed class InGameContactsTests
{
    private static StandingsEntry Entry(long id, EntityType type, string name, double standing) =>
        new() { EntityId = id, EntityType = type, EntityName = name, Standing = standing, AddedByName = "Test" };

    [Fact]
    public void Factions_and_NPC_corporations_become_no_lines_and_are_reported_apart()
    {
        EsiContact[] game =
        [
            new(1_000_125, "corporation", 5),
            new(500_001, "faction", -5),
            new(98_000_004, "corporation", -7.25),
            new(90_000_101, "character", 10),
        ];

        var file = InGameContacts.ToFile(game);
        var drift = InGameContacts.Compare(game, [], new Dictionary<long, string>());

        Assert.Equal([(1, "98000004", "corporation", "-7.25"), (2, "90000101", "character", "10")], file.Lines.Select(l => (l.Line, l.Id, l.Type, l.Standing)));
        Assert.False(file.HasNotes || file.HasExpiry);
        Assert.Equal([1_000_125L, 500_001L], drift.NotImportable.Select(l => l.EntityId).Order().Reverse());
        Assert.Equal([90_000_101L, 98_000_004L], drift.OnlyInGame.Select(l => l.EntityId)); // unnamed: sorted by id text
    }

    [Fact]
    public void Equal_lists_are_in_step_and_each_difference_lands_on_its_side()
    {
        EsiContact[] game = [new(1, "character", 5), new(2, "alliance", 10)];

        Assert.True(InGameContacts.Compare(game, [Entry(1, EntityType.Character, "A", 5), Entry(2, EntityType.Alliance, "B", 10)], new Dictionary<long, string>()).InStep);
        var drift = InGameContacts.Compare(game, [Entry(2, EntityType.Alliance, "B", 9.5), Entry(3, EntityType.Corporation, "C", -10)], new Dictionary<long, string> { [1] = "A" });
        Assert.Equal([(1L, (double?)5, (double?)null)], drift.OnlyInGame.Select(l => (l.EntityId, l.InGame, l.Ours)));
        Assert.Equal([(3L, (double?)null, (double?)-10)], drift.OnlyOurs.Select(l => (l.EntityId, l.InGame, l.Ours)));
        Assert.Equal([(2L, (double?)10, (double?)9.5)], drift.Different.Select(l => (l.EntityId, l.InGame, l.Ours)));
        Assert.False(drift.InStep);
    }
}
