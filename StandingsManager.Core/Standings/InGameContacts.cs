using System.Globalization;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Core.Standings;

/// <summary>Whose in-game contact list an import reads.</summary>
public enum ContactListOwner
{
    Alliance,
    Corporation,
}

/// <summary>One entity in the drift report; a side is null where the entity is missing from it.</summary>
public sealed record DriftLine(long EntityId, string Category, string Name, double? InGame, double? Ours);

/// <summary>
/// The in-game list against ours, both ways. <see cref="NotImportable"/> are in-game contacts the list cannot hold
/// (factions, NPC corporations); they are left out of the preview rather than blocking it.
/// </summary>
public sealed record ContactDrift(IReadOnlyList<DriftLine> OnlyInGame, IReadOnlyList<DriftLine> OnlyOurs, IReadOnlyList<DriftLine> Different, IReadOnlyList<DriftLine> NotImportable)
{
    public bool InStep => OnlyInGame.Count == 0 && OnlyOurs.Count == 0 && Different.Count == 0;
}

/// <summary>Turns an organisation's in-game contacts into import lines and compares them with the list. No I/O.</summary>
public static class InGameContacts
{
    /// <summary>Contacts the list can hold: characters, corporations and alliances, but no NPC corporation.</summary>
    public static bool IsImportable(EsiContact contact) =>
        contact.ContactType is "character" or "alliance" || (contact.ContactType == "corporation" && !ImportPlanner.IsNpcCorporation(contact.ContactId));

    /// <summary>
    /// The importable contacts as the lines of a file with no notes or expiry column (so existing notes and expiries stay),
    /// numbered by their place in the in-game list; they go through the CSV checks, so a bad standing is an error line.
    /// </summary>
    public static CsvFile ToFile(IReadOnlyList<EsiContact> contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        var lines = contacts.Where(IsImportable)
            .Select((c, i) => new CsvLine(i + 1, c.ContactId.ToString(CultureInfo.InvariantCulture), c.ContactType, null,
                c.Standing.ToString("R", CultureInfo.InvariantCulture), null, null))
            .ToList();
        return new CsvFile(lines, HasNotes: false, HasExpiry: false);
    }

    /// <summary>Both ways: in game only, ours only, and on both with different standings; names from <paramref name="names"/>, else the id.</summary>
    public static ContactDrift Compare(IReadOnlyList<EsiContact> inGame, IReadOnlyList<StandingsEntry> ours, IReadOnlyDictionary<long, string> names)
    {
        ArgumentNullException.ThrowIfNull(inGame);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(names);
        var game = inGame.Where(IsImportable).GroupBy(c => c.ContactId).ToDictionary(g => g.Key, g => g.First());
        var list = ours.ToDictionary(e => e.EntityId);
        string Name(long id) => names.GetValueOrDefault(id) ?? id.ToString(CultureInfo.InvariantCulture);

        var onlyInGame = game.Values.Where(c => !list.ContainsKey(c.ContactId))
            .Select(c => new DriftLine(c.ContactId, c.ContactType, Name(c.ContactId), c.Standing, null));
        var onlyOurs = list.Values.Where(e => !game.ContainsKey(e.EntityId))
            .Select(e => new DriftLine(e.EntityId, StandingsCsv.TypeName(e.EntityType), e.EntityName, null, e.Standing));
        var different = game.Values.Where(c => list.TryGetValue(c.ContactId, out var e) && e.Standing != c.Standing)
            .Select(c => new DriftLine(c.ContactId, c.ContactType, list[c.ContactId].EntityName, c.Standing, list[c.ContactId].Standing));
        var skipped = inGame.Where(c => !IsImportable(c))
            .Select(c => new DriftLine(c.ContactId, c.ContactType, Name(c.ContactId), c.Standing, null));
        return new ContactDrift(Sorted(onlyInGame), Sorted(onlyOurs), Sorted(different), Sorted(skipped));
    }

    private static List<DriftLine> Sorted(IEnumerable<DriftLine> lines) =>
        [.. lines.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.EntityId)];
}
