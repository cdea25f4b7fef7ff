using Microsoft.Extensions.Options;
using StandingsManager.Core;

namespace StandingsManager.App.Demo.Esi;

/// <summary>A personal contact as ESI's GET /characters/{id}/contacts returns it.</summary>
public sealed record DemoEsiContact(long ContactId, string ContactType, double Standing, IReadOnlyList<long> LabelIds, bool IsWatched, bool? IsBlocked = false);

/// <summary>An alliance or corporation contact as ESI returns it: no is_blocked, and is_watched only on corporation lists.</summary>
public sealed record DemoEsiOrgContact(long ContactId, string ContactType, double Standing, IReadOnlyList<long> LabelIds, bool? IsWatched = null);

/// <summary>A personal contact label as ESI's GET /characters/{id}/contacts/labels returns it.</summary>
public sealed record DemoEsiLabel(long LabelId, string LabelName);

/// <summary>
/// The in-memory contact lists of the simulated characters. One lock guards everything: the
/// simulator serves a handful of characters, and whole-store consistency is simpler to reason about.
/// </summary>
public sealed class DemoEsiStore
{
    /// <summary>EVE's cap on personal contacts per character.</summary>
    public const int MaxContacts = 1024;

    /// <summary>Label ids are bit values in EVE (esi-issues#174); the seed follows suit.</summary>
    public const long FriendsLabelId = 1;
    public const long StandingsLabelId = 2;
    public const long TradersLabelId = 4;

    private readonly Lock _gate = new();
    // Sorted lists (two arrays) of interned contacts: thousands of characters holding the same thousand entries, as in the
    // sync bench, then cost a few bytes per contact rather than a record and a tree node each.
    private readonly Dictionary<long, SortedList<long, DemoEsiContact>> _contacts = [];
    private readonly Dictionary<DemoEsiContact, DemoEsiContact> _interned = new(ContactComparer.Instance);
    private readonly Dictionary<long, List<DemoEsiLabel>> _labels = [];
    // Label names once given to a character: a label the player (a test) deleted afterwards stays deleted.
    private readonly HashSet<(long CharacterId, string Name)> _offered = [];
    private readonly Dictionary<long, DateTimeOffset> _modified = [];
    // Alliance and corporation contact lists, by organisation id (ids of alliances and corporations never collide).
    private readonly Dictionary<long, IReadOnlyList<DemoEsiOrgContact>> _orgContacts = [];
    private readonly TimeProvider _time;
    // Characters who changed corporation since the universe was made: what a member leaving the alliance looks like.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _movedTo = new();

    public DemoEsiStore(IOptions<StandingsOptions> options, TimeProvider time)
    {
        _time = time;
        StandingsLabelName = string.IsNullOrWhiteSpace(options.Value.LabelName) ? "Alliance Standings" : options.Value.LabelName.Trim();
        Seed();
    }

    /// <summary>The configured <c>Standings:LabelName</c>, which every persona but <see cref="DemoUniverse.PersonaWithoutStandingsLabel"/> has.</summary>
    public string StandingsLabelName { get; }

    /// <summary>The character joins <paramref name="corporationId"/> (and its alliance, if any) from now on.</summary>
    public void MoveCharacter(long characterId, long corporationId) => _movedTo[characterId] = corporationId;

    /// <summary>The character's corporation now: moved, or as the universe was made.</summary>
    public long? CorporationOf(DemoEsiEntity character) => _movedTo.TryGetValue(character.Id, out var moved) ? moved : character.CorporationId;

    public IReadOnlyList<DemoEsiContact> Contacts(long characterId)
    {
        lock (_gate)
            return _contacts.TryGetValue(characterId, out var book) ? [.. book.Values] : [];
    }

    public IReadOnlyList<DemoEsiLabel> Labels(long characterId)
    {
        lock (_gate)
            return _labels.TryGetValue(characterId, out var labels) ? [.. labels] : [];
    }

    /// <summary>When the character's contacts or labels last changed; ESI's Last-Modified.</summary>
    public DateTimeOffset LastModified(long characterId)
    {
        lock (_gate)
            return _modified.TryGetValue(characterId, out var at) ? at : DemoEsiUniverse.Founded;
    }

    /// <summary>An alliance's or corporation's contact list, by id; empty when it has none.</summary>
    public IReadOnlyList<DemoEsiOrgContact> OrgContacts(long organisationId)
    {
        lock (_gate)
            return _orgContacts.GetValueOrDefault(organisationId) ?? [];
    }

    /// <summary>Test hook: replaces an organisation's contact list (in game, directors edit it); Last-Modified moves on.</summary>
    public void ReplaceOrgContacts(long organisationId, IEnumerable<DemoEsiOrgContact> contacts)
    {
        lock (_gate)
        {
            _orgContacts[organisationId] = [.. contacts.OrderBy(c => c.ContactId)];
            Touch(organisationId);
        }
    }

    /// <summary>Test and operator hook: replaces a character's whole contact list, bypassing ESI's limits (e.g. to go past 1024).</summary>
    public void ReplaceContacts(long characterId, IEnumerable<DemoEsiContact> contacts)
    {
        lock (_gate)
        {
            _contacts[characterId] = new SortedList<long, DemoEsiContact>(contacts.ToDictionary(c => c.ContactId, Intern));
            Touch(characterId);
        }
    }

    /// <summary>Test and operator hook: replaces a character's labels (in game only the player can do this).</summary>
    public void ReplaceLabels(long characterId, IEnumerable<DemoEsiLabel> labels)
    {
        lock (_gate)
        {
            _labels[characterId] = [.. labels];
            Touch(characterId);
        }
    }

    /// <summary>
    /// Gives the character each named label it was never given before (the player creating it in game), under the next
    /// free bit value above the seeded ones; Last-Modified moves on only when one was added.
    /// </summary>
    public void OfferLabels(long characterId, IEnumerable<string> names)
    {
        lock (_gate)
        {
            var labels = _labels.TryGetValue(characterId, out var known) ? known : _labels[characterId] = [];
            var added = false;
            foreach (var name in names)
            {
                if (!_offered.Add((characterId, name)) || labels.Exists(l => string.Equals(l.LabelName, name, StringComparison.Ordinal)))
                    continue;
                var id = TradersLabelId << 1; // above the seeded ids, so the first label's id means the first label
                while (labels.Exists(l => l.LabelId == id))
                    id <<= 1;
                labels.Add(new DemoEsiLabel(id, name));
                added = true;
            }
            if (added)
                Touch(characterId);
        }
    }

    public bool HasLabels(long characterId, IEnumerable<long> labelIds)
    {
        lock (_gate)
        {
            var known = _labels.GetValueOrDefault(characterId) ?? [];
            return labelIds.All(id => known.Exists(l => l.LabelId == id));
        }
    }

    /// <summary>
    /// POST semantics: ids already present are left alone and not reported. Returns null, changing
    /// nothing, when the new contacts would take the character past <see cref="MaxContacts"/>.
    /// </summary>
    public IReadOnlyList<long>? Add(long characterId, IReadOnlyList<DemoEsiEntity> entities, double standing, IReadOnlyList<long> labelIds, bool watched)
    {
        lock (_gate)
        {
            var book = Book(characterId);
            var fresh = entities.Where(e => !book.ContainsKey(e.Id)).DistinctBy(e => e.Id).ToList();
            if (book.Count + fresh.Count > MaxContacts)
                return null;
            foreach (var e in fresh)
                book[e.Id] = Intern(NewContact(e, standing, labelIds, watched));
            if (fresh.Count > 0)
                Touch(characterId);
            return [.. fresh.Select(e => e.Id)];
        }
    }

    /// <summary>
    /// PUT semantics (undocumented by CCP, so chosen here): only existing contacts change, and each gets
    /// exactly the given standing, labels and watched flag; ids that are not contacts are ignored.
    /// </summary>
    public void Edit(long characterId, IReadOnlyList<DemoEsiEntity> entities, double standing, IReadOnlyList<long> labelIds, bool watched)
    {
        lock (_gate)
        {
            var book = Book(characterId);
            var changed = false;
            foreach (var e in entities)
            {
                if (book.TryGetValue(e.Id, out var existing))
                {
                    book[e.Id] = Intern(NewContact(e, standing, labelIds, watched) with { IsBlocked = existing.IsBlocked });
                    changed = true;
                }
            }
            if (changed)
                Touch(characterId);
        }
    }

    /// <summary>DELETE semantics: ids that are not contacts are ignored, as deleting them is harmless.</summary>
    public void Delete(long characterId, IReadOnlyList<long> contactIds)
    {
        lock (_gate)
        {
            var book = Book(characterId);
            var removed = false;
            foreach (var id in contactIds)
                removed |= book.Remove(id);
            if (removed)
                Touch(characterId);
        }
    }

    // "Only effective on characters", says the spec about watched.
    private static DemoEsiContact NewContact(DemoEsiEntity e, double standing, IReadOnlyList<long> labelIds, bool watched) =>
        new(e.Id, e.Category, standing, [.. labelIds.Distinct().Order()], watched && e.Category == DemoEsiUniverse.Character, false);

    private SortedList<long, DemoEsiContact> Book(long characterId)
    {
        if (!_contacts.TryGetValue(characterId, out var book))
            _contacts[characterId] = book = [];
        return book;
    }

    // Caller holds the lock.
    private DemoEsiContact Intern(DemoEsiContact contact)
    {
        if (_interned.TryGetValue(contact, out var shared))
            return shared;
        _interned[contact] = contact;
        return contact;
    }

    /// <summary>Value equality including the label ids, which the record compares by reference.</summary>
    private sealed class ContactComparer : IEqualityComparer<DemoEsiContact>
    {
        public static readonly ContactComparer Instance = new();

        public bool Equals(DemoEsiContact? x, DemoEsiContact? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.ContactId == y.ContactId && x.ContactType == y.ContactType
                && x.Standing.Equals(y.Standing) && x.IsWatched == y.IsWatched && x.IsBlocked == y.IsBlocked && x.LabelIds.SequenceEqual(y.LabelIds));

        public int GetHashCode(DemoEsiContact obj)
        {
            var hash = HashCode.Combine(obj.ContactId, obj.Standing, obj.IsWatched, obj.IsBlocked);
            foreach (var label in obj.LabelIds)
                hash = HashCode.Combine(hash, label);
            return hash;
        }
    }

    private void Touch(long characterId) => _modified[characterId] = _time.GetUtcNow();

    /// <summary>A few personal contacts per persona, so "preserve personal contacts" has something to preserve.</summary>
    private void Seed()
    {
        foreach (var p in DemoUniverse.Personas)
        {
            List<DemoEsiLabel> labels = [new(FriendsLabelId, "Friends"), new(TradersLabelId, "Traders")];
            if (p.Id != DemoUniverse.PersonaWithoutStandingsLabel)
                labels.Insert(1, new DemoEsiLabel(StandingsLabelId, StandingsLabelName));
            _labels[p.Id] = labels;

            // A corp mate when there is one, else any other persona.
            var friend = DemoUniverse.Personas.FirstOrDefault(o => o.Id != p.Id && o.CorporationId == p.CorporationId)
                ?? DemoUniverse.Personas.First(o => o.Id != p.Id);
            // Only Ada Admiral keeps Pirate Menace, which is also on the seeded list, as a personal contact: the demo shows
            // one collision (left alone and reported) while the other personas' syncs come out clean.
            var (corporation, standing) = p.Id == DemoUniverse.Personas[0].Id ? (98_000_004L, -10.0) : (98_000_003L, -5.0);
            _contacts[p.Id] = new SortedList<long, DemoEsiContact>
            {
                [friend.Id] = new(friend.Id, DemoEsiUniverse.Character, 10, [FriendsLabelId], true, false),
                [corporation] = new(corporation, DemoEsiUniverse.Corporation, standing, [], false, false),
                [90_000_201] = new(90_000_201, DemoEsiUniverse.Character, -5, [], false, true),
                [500_001] = new(500_001, DemoEsiUniverse.Faction, 5, [TradersLabelId], false, false),
            };
            _modified[p.Id] = DemoEsiUniverse.Founded;
        }
        SeedOrganisations();
    }

    /// <summary>
    /// The home alliance's and corporation's in-game lists, close to the seeded standings list but not equal, so the drift
    /// report of an import from game shows every kind: an extra (Bob Blue), a different standing (Pirate Menace), missing
    /// entries (Bea Blue, Crowd Industries) and a faction the list cannot hold.
    /// </summary>
    private void SeedOrganisations()
    {
        _orgContacts[DemoUniverse.HomeAllianceId] =
        [
            new(500_001, DemoEsiUniverse.Faction, 5, []),
            new(90_000_101, DemoEsiUniverse.Character, 5, []),
            new(98_000_004, DemoEsiUniverse.Corporation, -5, []),
            new(99_000_002, DemoEsiUniverse.Alliance, 10, []),
        ];
        _orgContacts[DemoUniverse.HomeCorporationId] =
        [
            new(98_000_003, DemoEsiUniverse.Corporation, 2.5, [], false),
            new(98_000_004, DemoEsiUniverse.Corporation, -10, [], false),
            new(99_000_002, DemoEsiUniverse.Alliance, 10, [], false),
        ];
        _modified[DemoUniverse.HomeAllianceId] = _modified[DemoUniverse.HomeCorporationId] = DemoEsiUniverse.Founded;
    }
}
