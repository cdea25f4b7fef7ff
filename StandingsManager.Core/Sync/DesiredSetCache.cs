using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
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
/// One desired set for all characters: a sync cycle over many characters reads the fingerprint (one aggregate query)
/// instead of loading the whole list for each of them.
/// </summary>
public sealed class DesiredSetCache(IDbContextFactory<StandingsDbContext> dbFactory)
{
    private DesiredSet? _current;

    public async Task<DesiredSet> GetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var fingerprint = await db.Standings
            .GroupBy(_ => 1)
            .Select(g => new StandingsFingerprint(g.Count(), g.Max(e => e.Id), g.Sum(e => (long)e.Version), g.Sum(e => e.EntityId), g.Sum(e => e.Standing)))
            .SingleOrDefaultAsync(ct); // one group, or none for an empty list
        var cached = Volatile.Read(ref _current);
        if (cached is not null && cached.Fingerprint == fingerprint)
            return cached;
        var entries = await db.Standings.AsNoTracking()
            .Select(e => new DesiredContact(e.EntityId, e.EntityType, e.Standing, e.EntityName))
            .ToArrayAsync(ct);
        Array.Sort(entries, (a, b) => a.Id.CompareTo(b.Id));
        var set = new DesiredSet(fingerprint, entries);
        // Two loads racing both produce a correct set; whichever lands last is kept.
        Volatile.Write(ref _current, set);
        return set;
    }
}
