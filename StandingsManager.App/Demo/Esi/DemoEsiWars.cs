using Microsoft.Extensions.Options;

namespace StandingsManager.App.Demo.Esi;

/// <summary>One side of a simulated war, as ESI writes it: exactly one of the ids is set.</summary>
public sealed record DemoWarParty(long? AllianceId, long? CorporationId, double IskDestroyed = 0, long ShipsKilled = 0)
{
    public static DemoWarParty Alliance(long id) => new(id, null);
    public static DemoWarParty Corporation(long id) => new(null, id);
}

/// <summary>An ally of the defender: ESI gives allies no dates.</summary>
public sealed record DemoWarAlly(long? AllianceId, long? CorporationId);

/// <summary>A war as <c>GET /wars/{war_id}</c> returns it (2026-08-18 shape).</summary>
public sealed record DemoWar(long Id, DateTimeOffset Declared, DemoWarParty Aggressor, DemoWarParty Defender, bool Mutual, bool OpenForAllies,
    DateTimeOffset? Started = null, DateTimeOffset? Finished = null, DateTimeOffset? Retracted = null, IReadOnlyList<DemoWarAlly>? Allies = null);

/// <summary>
/// The simulated ESI's wars: <see cref="DemoEsiOptions.Wars"/> generated ones (mostly long finished, as on Tranquility) and,
/// among the newest, the demo alliance's own: one it defends, one it fights against a corporation with an ally, one finished
/// and one declared but not yet started. Answers are cached for an hour per URL, as ESI does, so a change shows once the
/// cached answer has expired. Tests start, finish, retract and add wars.
/// </summary>
public sealed class DemoEsiWars
{
    /// <summary>ESI caches /wars and /wars/{id} for 3,600 s.</summary>
    public static readonly TimeSpan EsiCacheFor = TimeSpan.FromSeconds(3_600);
    public const int PageSize = 2_000;
    /// <summary>The oldest generated war's id; ids grow from here, newest highest.</summary>
    public const long FirstWarId = 700_001;
    public const long PirateMenaceId = 98_000_004;
    public const long NeutralTradersId = 98_000_003;
    public const long CrowdIndustriesId = DemoUniverse.CrowdCorporationId;
    /// <summary>Made-up parties of the generated wars: nobody the demo knows, so never anyone's war target.</summary>
    public const long StrangerCorporationBase = 98_500_000;
    public const long StrangerAllianceBase = 99_500_000;

    private readonly Lock _gate = new();
    private readonly SortedList<long, DemoWar> _wars = [];
    private readonly Dictionary<string, (object Body, DateTimeOffset ExpiresAt)> _cache = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public DemoEsiWars(IOptions<DemoEsiOptions> options, TimeProvider time)
    {
        _time = time;
        CacheFor = TimeSpan.FromSeconds(options.Value.WarsCacheSeconds);
        Seed(Math.Max(options.Value.Wars, SpecialWars), time.GetUtcNow());
    }

    /// <summary>How long an answer is served from the cache: ESI's hour, unless a test shortens it (<c>DemoEsi:WarsCacheSeconds</c>).</summary>
    public TimeSpan CacheFor { get; }

    /// <summary>The demo alliance's own wars, the newest four ids.</summary>
    public const int SpecialWars = 4;

    public long DefendedWarId { get; private set; }
    public long AttackWarId { get; private set; }
    public long FinishedWarId { get; private set; }
    public long PendingWarId { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
                return _wars.Count;
        }
    }

    public long NewestId
    {
        get
        {
            lock (_gate)
                return _wars.Keys[^1];
        }
    }

    public DemoWar? Find(long id)
    {
        lock (_gate)
            return _wars.GetValueOrDefault(id);
    }

    /// <summary>What ESI serves for the war now: the cached answer while it is fresh, else the war as it is, cached for an hour.</summary>
    public (DemoWar? War, DateTimeOffset ExpiresAt) Read(long id)
    {
        lock (_gate)
        {
            var (body, expires) = Cached(FormattableString.Invariant($"war:{id}"), () => _wars.GetValueOrDefault(id));
            return ((DemoWar?)body, expires);
        }
    }

    /// <summary>Up to 2,000 ids below <paramref name="maxWarId"/> (all when null), newest first, cached per URL like the war itself.</summary>
    public (IReadOnlyList<long> Ids, DateTimeOffset ExpiresAt) Page(long? maxWarId)
    {
        lock (_gate)
        {
            var (body, expires) = Cached(FormattableString.Invariant($"page:{maxWarId}"), () =>
                _wars.Keys.Reverse().Where(id => maxWarId is not { } max || id < max).Take(PageSize).ToList());
            return ((IReadOnlyList<long>)body!, expires);
        }
    }

    // ---- test controls ----

    /// <summary>Shooting starts at <paramref name="at"/> (now when null).</summary>
    public void Start(long id, DateTimeOffset? at = null) => Change(id, w => w with { Started = at ?? _time.GetUtcNow() });

    /// <summary>Shooting stops at <paramref name="at"/> (now when null; may be in the future, as on ESI).</summary>
    public void Finish(long id, DateTimeOffset? at = null) => Change(id, w => w with { Finished = at ?? _time.GetUtcNow() });

    /// <summary>The aggressor retracts: the war still runs until it finishes, a day later as in game.</summary>
    public void Retract(long id)
    {
        var now = _time.GetUtcNow();
        Change(id, w => w with { Retracted = now, Finished = w.Finished ?? now.AddDays(1) });
    }

    /// <summary>A new war, declared now and starting a day later unless <paramref name="started"/> says otherwise; returns its id.</summary>
    public long Add(DemoWarParty aggressor, DemoWarParty defender, IReadOnlyList<DemoWarAlly>? allies = null, DateTimeOffset? started = null, bool openForAllies = false)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var id = _wars.Keys[^1] + 1;
            _wars[id] = new DemoWar(id, now, aggressor, defender, Mutual: false, openForAllies, started ?? now.AddDays(1), Allies: allies);
            return id;
        }
    }

    /// <summary>Forgets every cached answer, as if an hour had passed for ESI's cache only.</summary>
    public void ExpireCache()
    {
        lock (_gate)
            _cache.Clear();
    }

    private void Change(long id, Func<DemoWar, DemoWar> change)
    {
        lock (_gate)
        {
            if (!_wars.TryGetValue(id, out var war))
                throw new ArgumentOutOfRangeException(nameof(id), id, "The simulated ESI has no such war.");
            _wars[id] = change(war);
        }
    }

    // Caller holds the lock.
    private (object? Body, DateTimeOffset ExpiresAt) Cached(string key, Func<object?> make)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && hit.ExpiresAt > now)
            return hit;
        var body = make();
        if (body is null)
            return (null, now + CacheFor);
        var fresh = (body, now + CacheFor);
        _cache[key] = fresh;
        return fresh;
    }

    /// <summary>Deterministic: every demo and test starts with the same wars, dated from start-up.</summary>
    private void Seed(int count, DateTimeOffset now)
    {
        var random = new Random(13);
        var generated = count - SpecialWars;
        for (var i = 0; i < generated; i++)
        {
            var id = FirstWarId + i;
            // Older ids are older wars: the oldest was declared about three years ago.
            var declared = now.AddHours(-24.0 * 1_000 * (generated - i) / Math.Max(generated, 1)).AddDays(-2);
            var started = declared.AddDays(1);
            // Most wars ended long ago; about one in twelve still runs, some of those open for allies.
            var running = random.Next(12) == 0 || i >= generated - 20;
            DateTimeOffset? finished = running ? null : started.AddDays(random.Next(1, 30)) is var end && end < now ? end : null;
            var aggressor = Stranger(random);
            var defender = Stranger(random);
            IReadOnlyList<DemoWarAlly>? allies = random.Next(8) == 0 ? [new DemoWarAlly(null, StrangerCorporationBase + random.Next(1, 400))] : null;
            _wars[id] = new DemoWar(id, declared, aggressor, defender, Mutual: random.Next(20) == 0, OpenForAllies: running && random.Next(3) == 0,
                started, finished, Allies: allies);
        }
        var next = FirstWarId + generated;
        var home = DemoWarParty.Alliance(DemoUniverse.HomeAllianceId);
        FinishedWarId = next;
        _wars[next] = new DemoWar(next++, now.AddDays(-20), DemoWarParty.Alliance(StrangerAllianceBase + 1), home, false, false,
            now.AddDays(-19), now.AddDays(-3));
        DefendedWarId = next;
        _wars[next] = new DemoWar(next++, now.AddDays(-3), DemoWarParty.Corporation(PirateMenaceId), home, false, true, now.AddDays(-2));
        AttackWarId = next;
        _wars[next] = new DemoWar(next++, now.AddDays(-2), home, DemoWarParty.Corporation(NeutralTradersId), false, true, now.AddDays(-1),
            Allies: [new DemoWarAlly(null, CrowdIndustriesId)]);
        PendingWarId = next;
        _wars[next] = new DemoWar(next, now.AddHours(-2), DemoWarParty.Corporation(CrowdIndustriesId), home, false, false, now.AddHours(22));
    }

    private static DemoWarParty Stranger(Random random) => random.Next(3) == 0
        ? DemoWarParty.Alliance(StrangerAllianceBase + random.Next(2, 200))
        : DemoWarParty.Corporation(StrangerCorporationBase + random.Next(1, 2_000));
}
