using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>Cheap summary of the standings table: any add, edit or removal changes at least one part.</summary>
public readonly record struct StandingsFingerprint(int Count, int MaxId, long VersionSum, long EntityIdSum, double StandingSum);

/// <summary>The standings list as every synced character should hold it, sorted by id, with its hashes memoised.</summary>
public sealed class DesiredSet
{
    private readonly ConcurrentDictionary<(string, PersonalContactPolicy), string> _hashes = new();

    public DesiredSet(StandingsFingerprint fingerprint, DesiredContact[] sortedById)
    {
        ArgumentNullException.ThrowIfNull(sortedById);
        Fingerprint = fingerprint;
        Entries = sortedById;
        var byId = new Dictionary<long, DesiredContact>(sortedById.Length);
        foreach (var entry in sortedById)
            byId[entry.Id] = entry;
        ById = byId;
    }

    public StandingsFingerprint Fingerprint { get; }
    public IReadOnlyList<DesiredContact> Entries { get; }
    public IReadOnlyDictionary<long, DesiredContact> ById { get; }

    /// <summary>
    /// <see cref="SyncPlanner.DesiredHash"/> for one character: the shared hash unless the character is itself an
    /// entry, which only then costs one pass over the set.
    /// </summary>
    public string HashFor(long characterId, string labelName, PersonalContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(labelName);
        if (ById.ContainsKey(characterId))
            return SyncPlanner.HashSorted(Entries, characterId, labelName, policy);
        return _hashes.GetOrAdd((labelName, policy), key => SyncPlanner.HashSorted(Entries, 0, key.Item1, key.Item2));
    }
}

/// <summary>
/// One desired set per list for all characters: a sync cycle over many characters reads the fingerprints (one aggregate
/// query over every list) instead of loading the lists for each of them; a list is reloaded only when its own
/// fingerprint moves. Merged sets are memoised per combination of lists, priorities, label ids and switches.
/// </summary>
public sealed class DesiredSetCache(IDbContextFactory<StandingsDbContext> dbFactory)
{
    private const int MergeMemoLimit = 512;
    private static readonly DesiredSet Empty = new(default, []);
    private ImmutableDictionary<int, DesiredSet> _current = ImmutableDictionary<int, DesiredSet>.Empty;
    private readonly ConcurrentDictionary<string, MergedLists> _merged = new(StringComparer.Ordinal);

    /// <summary>The first list's set (the single-list form).</summary>
    public Task<DesiredSet> GetAsync(CancellationToken ct) => GetAsync(StandingsList.FirstListId, ct);

    public async Task<DesiredSet> GetAsync(int listId, CancellationToken ct) =>
        (await GetAllAsync(ct)).GetValueOrDefault(listId) ?? Empty;

    /// <summary>Every list's set that has entries, by list id (a list without entries is absent).</summary>
    public async Task<IReadOnlyDictionary<int, DesiredSet>> GetAllAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var fingerprints = await db.Standings
            .GroupBy(e => e.ListId)
            .Select(g => new { ListId = g.Key, Fingerprint = new StandingsFingerprint(g.Count(), g.Max(e => e.Id), g.Sum(e => (long)e.Version), g.Sum(e => e.EntityId), g.Sum(e => e.Standing)) })
            .ToListAsync(ct);
        var cached = Volatile.Read(ref _current);
        var builder = ImmutableDictionary.CreateBuilder<int, DesiredSet>();
        foreach (var f in fingerprints)
        {
            if (cached.TryGetValue(f.ListId, out var set) && set.Fingerprint == f.Fingerprint)
            {
                builder[f.ListId] = set;
                continue;
            }
            var listId = f.ListId;
            var entries = await db.Standings.AsNoTracking()
                .Where(e => e.ListId == listId)
                .Select(e => new DesiredContact(e.EntityId, e.EntityType, e.Standing, e.EntityName))
                .ToArrayAsync(ct);
            Array.Sort(entries, (a, b) => a.Id.CompareTo(b.Id));
            builder[f.ListId] = new DesiredSet(f.Fingerprint, entries);
        }
        var result = builder.ToImmutable();
        // Two loads racing both produce correct sets; whichever lands last is kept.
        Volatile.Write(ref _current, result);
        return result;
    }

    /// <summary><see cref="ListMerge.Merge"/>, memoised: characters with the same lists and label ids share one merged set.</summary>
    public MergedLists Merge(IReadOnlyList<ListInput> lists, IReadOnlyDictionary<int, DesiredSet> sets)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(sets);
        var key = new StringBuilder();
        foreach (var l in lists.OrderBy(l => l.ListId))
        {
            var fingerprint = sets.TryGetValue(l.ListId, out var set) ? set.Fingerprint : default;
            key.Append(CultureInfo.InvariantCulture, $"{l.ListId}:{l.Priority}:{l.LabelId}:{l.Receives}:{fingerprint}|");
        }
        var text = key.ToString();
        if (_merged.TryGetValue(text, out var merged))
            return merged;
        if (_merged.Count >= MergeMemoLimit)
            _merged.Clear();
        merged = ListMerge.Merge(lists);
        _merged[text] = merged;
        return merged;
    }
}
