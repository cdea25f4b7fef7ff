using StandingsManager.Core.Eve;

namespace StandingsManager.App.Demo.Esi;

/// <summary>What the simulated ESI knows about an id: its name, its ESI category and where it belongs.</summary>
public sealed record DemoEsiEntity(long Id, string Name, string Category, long? CorporationId = null, long? AllianceId = null);

/// <summary>
/// ESI's view of <see cref="DemoUniverse"/>: personas and pilots are characters, organisations are
/// corporations or alliances, plus the four empire factions so <c>contact_type=faction</c> is reachable.
/// </summary>
public static class DemoEsiUniverse
{
    public const string Character = "character";
    public const string Corporation = "corporation";
    public const string Alliance = "alliance";
    public const string Faction = "faction";

    public static readonly IReadOnlyList<DemoEsiEntity> Factions =
    [
        new(500_001, "Caldari State", Faction),
        new(500_002, "Minmatar Republic", Faction),
        new(500_003, "Amarr Empire", Faction),
        new(500_004, "Gallente Federation", Faction),
    ];

    /// <summary>Every known entity, built once: the universe is static data.</summary>
    public static readonly IReadOnlyDictionary<long, DemoEsiEntity> All = Build();

    /// <summary>The 2020-01-01 era start date every demo character and organisation shares, so responses are stable.</summary>
    public static readonly DateTimeOffset Founded = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DemoEsiEntity? Find(long id) => All.GetValueOrDefault(id);

    /// <summary>Each corporation's lowest character id (its CEO and creator in the demo), built once: 2,500 pilots are not scanned per request.</summary>
    public static readonly IReadOnlyDictionary<long, long> FirstCharacterOf = All.Values
        .Where(e => e.Category == Character && e.CorporationId is not null)
        .GroupBy(e => e.CorporationId!.Value)
        .ToDictionary(g => g.Key, g => g.Min(e => e.Id));

    /// <summary>A ticker from the name's initials, since the demo data has none; ESI tickers are 1 to 5 characters.</summary>
    public static string Ticker(string name)
    {
        var initials = string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0])));
        return initials.Length > 5 ? initials[..5] : initials;
    }

    private static Dictionary<long, DemoEsiEntity> Build()
    {
        var all = new Dictionary<long, DemoEsiEntity>();
        foreach (var org in DemoUniverse.Organisations)
            all[org.Id] = new DemoEsiEntity(org.Id, org.Name, org.Type == EntityType.Alliance ? Alliance : Corporation, org.Type == EntityType.Corporation ? org.Id : null, org.AllianceId);
        var characters = DemoUniverse.Personas.Select(p => (p.Id, p.Name, p.CorporationId))
            .Concat(DemoUniverse.Pilots.Concat(DemoUniverse.Crowd).Select(p => (p.Id, p.Name, p.CorporationId)));
        foreach (var (id, name, corporationId) in characters)
            all[id] = new DemoEsiEntity(id, name, Character, corporationId, all[corporationId].AllianceId);
        foreach (var f in Factions)
            all[f.Id] = f;
        return all;
    }
}
