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

    /// <summary>Characters known to ESI whose corporation is <paramref name="corporationId"/>.</summary>
    public static IEnumerable<DemoEsiEntity> CharactersOf(long corporationId) =>
        All.Values.Where(e => e.Category == Character && e.CorporationId == corporationId);

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
        foreach (var p in DemoUniverse.Personas)
            all[p.Id] = new DemoEsiEntity(p.Id, p.Name, Character, p.CorporationId, all[p.CorporationId].AllianceId);
        foreach (var p in DemoUniverse.Pilots.Concat(DemoUniverse.Crowd))
            all[p.Id] = new DemoEsiEntity(p.Id, p.Name, Character, p.CorporationId, all[p.CorporationId].AllianceId);
        foreach (var f in Factions)
            all[f.Id] = f;
        return all;
    }
}
