using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Core.Sync;

/// <summary>One standings entry as a character should hold it.</summary>
public readonly record struct DesiredContact(long Id, EntityType Type, double Standing, string Name);

public enum ContactCallKind
{
    Delete,
    Add,
    Edit,
}

/// <summary>What one contact of a call is for, so the executor can write the ledger intent and outcome.</summary>
public sealed record PlannedContact(
    long Id,
    EntityType? Type,
    SyncChangeKind Kind,
    double? From,
    double Standing,
    long[] LabelIds,
    bool Watched,
    double? OverriddenStanding = null,
    long[]? OverriddenLabelIds = null,
    string? ListIds = null);

/// <summary>Exactly one ESI write call: every contact in it shares standing, labels and watch flag (ESI's rule).</summary>
public sealed record PlannedCall(ContactCallKind Kind, double Standing, long[] LabelIds, bool Watched, IReadOnlyList<PlannedContact> Contacts);

/// <summary>
/// The plan for one character: the write calls in order (DELETE, POST, PUT), what was left out and why, and the
/// ledger fixes that need no call (rows confirmed by the read, adopted, or pruned).
/// </summary>
public sealed record SyncPlan(
    IReadOnlyList<PlannedCall> Calls,
    IReadOnlyList<DesiredContact> Collisions,
    IReadOnlyList<DesiredContact> Capped,
    IReadOnlyList<ManagedContact> LedgerUpserts,
    IReadOnlyList<long> LedgerDrops)
{
    public IEnumerable<PlannedContact> Contacts(SyncChangeKind kind) =>
        Calls.SelectMany(c => c.Contacts).Where(c => c.Kind == kind);

    public bool HasWrites => Calls.Count > 0;
}

/// <summary>
/// Pure diff of a character's contacts against the desired set: no I/O, no clock. The ledger covers for ESI's read cache
/// (a row younger than the cache window beats the read) and for labels lost in game (a row keeps the contact managed).
/// </summary>
public static class SyncPlanner
{
    public const int ContactCap = 1024;
    /// <summary>ESI caches contact reads for up to 300 s; the margin covers clock skew and a slow write.</summary>
    public static readonly TimeSpan CacheWindow = TimeSpan.FromSeconds(360);
    /// <summary>How long ESI keeps a contacts read: a read was made this long before its <c>Expires</c>.</summary>
    public static readonly TimeSpan ContactsCacheTime = TimeSpan.FromSeconds(300);
    /// <summary>
    /// A write whose answer never came (a 5xx, a timeout, an instance killed mid-call) lands within this, if ever: longer
    /// than an ESI call may take (EsiClientOptions.AttemptTimeout's default) plus clock skew.
    /// </summary>
    public static readonly TimeSpan InFlightWrite = TimeSpan.FromSeconds(30);
    /// <summary>Standings are passed through unchanged, but the game stores floats: compare loosely.</summary>
    private const double Tolerance = 1e-4;

    /// <summary>One list, one label: the planner as it was before lists.</summary>
    public static SyncPlan Plan(
        IReadOnlyList<EsiContact> contacts,
        long labelId,
        IReadOnlyList<ManagedContact> ledger,
        IReadOnlyList<DesiredContact> desired,
        long characterId,
        PersonalContactPolicy policy,
        DateTimeOffset now,
        TimeSpan cacheWindow,
        int cap = ContactCap,
        DateTimeOffset? readMadeAt = null) =>
        Plan(contacts, MergedLists.OneList(labelId, desired), ledger, characterId, policy, now, cacheWindow, cap, readMadeAt);

    /// <summary>
    /// Several lists merged by <see cref="ListMerge"/>: a contact is ours when it carries any of our labels (or the ledger
    /// holds it); it is written with the member's own labels plus those of the lists holding it; a frozen list's contacts
    /// (its label is missing) are left as they are; the cap is filled by list priority first.
    /// <paramref name="readMadeAt"/> is when ESI made the read (null when unknown): a read made well after a write whose
    /// answer never came shows whether that write landed.
    /// </summary>
    public static SyncPlan Plan(
        IReadOnlyList<EsiContact> contacts,
        MergedLists merged,
        IReadOnlyList<ManagedContact> ledger,
        long characterId,
        PersonalContactPolicy policy,
        DateTimeOffset now,
        TimeSpan cacheWindow,
        int cap = ContactCap,
        DateTimeOffset? readMadeAt = null)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(merged);
        var ours = merged.OurLabels;

        var wanted = new Dictionary<long, MergedContact>(merged.Desired.Count);
        foreach (var d in merged.Desired)
        {
            if (d.Id != characterId)
                wanted[d.Id] = d;
        }

        // What the character holds, as far as we can tell: the read, corrected by young ledger rows.
        var current = new Dictionary<long, Current>(contacts.Count + 8);
        foreach (var c in contacts)
        {
            var labels = c.LabelIds switch { long[] array => array, { Count: > 0 } list => [.. list], _ => Array.Empty<long>() };
            current[c.ContactId] = new Current(c.ContactId, TypeOf(c.ContactType), c.Standing, labels, c.IsWatched == true,
                Managed: CarriesAny(labels, ours), Row: null);
        }

        var upserts = new List<ManagedContact>();
        var drops = new List<long>();
        // Writes whose fate is unknown and that no read can tell yet: held as written, but not confirmed as such.
        HashSet<long>? inDoubt = null;
        foreach (var row in ledger)
        {
            // A write left in doubt (Writing: its answer never came) is settled by a read made after it could still land,
            // young or not: otherwise a killed instance's add that never reached EVE would pass for written.
            var settled = row.State == LedgerState.Writing && readMadeAt - InFlightWrite > row.WrittenAt;
            var young = now - row.WrittenAt < cacheWindow && !settled;
            Current? read = current.TryGetValue(row.ContactId, out var found) ? found : null;
            if (young && row.State == LedgerState.Writing)
                (inDoubt ??= []).Add(row.ContactId);
            switch (row.State)
            {
                case LedgerState.Written or LedgerState.Writing when young:
                    // Our write may not show in the cached read yet: the ledger is what the contact holds.
                    current[row.ContactId] = new Current(row.ContactId, row.ContactType, row.Standing, ParseLabels(row.LabelIds),
                        read?.Watched ?? row.Watched, Managed: true, row);
                    break;
                case LedgerState.Written or LedgerState.Writing:
                    if (read is null)
                        drops.Add(row.ContactId); // deleted in game (or never landed): re-added below if still desired
                    else
                        current[row.ContactId] = read.Value with { Managed = true, Row = row };
                    break;
                case LedgerState.Removing or LedgerState.Removed when young:
                    if (row.OverriddenPersonalStanding is { } personal)
                    {
                        // A restore in flight: the contact is the member's again, whatever the cached read says.
                        current[row.ContactId] = new Current(row.ContactId, row.ContactType, personal, ParseLabels(row.OverriddenPersonalLabelIds),
                            read?.Watched ?? row.Watched, Managed: false, row);
                    }
                    else
                    {
                        current.Remove(row.ContactId);
                    }
                    break;
                case LedgerState.Removing when read is not null && row.OverriddenPersonalStanding is null:
                    // The delete did not land: still ours.
                    current[row.ContactId] = read.Value with { Managed = true, Row = row };
                    break;
                default:
                    // Old tombstones, restores that landed and deletes that did: the read decides from here.
                    drops.Add(row.ContactId);
                    if (read is not null)
                        current[row.ContactId] = read.Value with { Managed = read.Value.Managed && row.OverriddenPersonalStanding is null };
                    break;
            }
        }

        // Room under the cap. Slots that stay occupied whatever we do: personal contacts (including restores and
        // collisions) and personal contacts taken over (they are the same contact either way).
        var fixedSlots = 0;
        var candidates = new List<MergedContact>(wanted.Count);
        var collisions = new List<DesiredContact>();
        foreach (var d in wanted.Values)
        {
            if (current.TryGetValue(d.Id, out var cur) && (!cur.Managed || cur.Row?.OverriddenPersonalStanding is not null))
            {
                if (cur.Managed || policy == PersonalContactPolicy.Override)
                    continue; // taken over now or before: counted with the fixed slots below
                collisions.Add(d.Contact);
                continue;
            }
            candidates.Add(d);
        }
        foreach (var cur in current.Values)
        {
            if (!cur.Managed || cur.Row?.OverriddenPersonalStanding is not null || (!wanted.ContainsKey(cur.Id) && Frozen(cur.Row, merged)))
                fixedSlots++;
        }

        var capped = new List<DesiredContact>();
        HashSet<long>? cappedIds = null;
        var room = Math.Max(0, cap - fixedSlots);
        if (candidates.Count > room)
        {
            candidates.Sort(RankedPriority);
            cappedIds = [];
            for (var i = room; i < candidates.Count; i++)
            {
                capped.Add(candidates[i].Contact);
                cappedIds.Add(candidates[i].Id);
                wanted.Remove(candidates[i].Id);
            }
        }

        var deletes = new List<PlannedContact>();
        var adds = new List<PlannedContact>();
        var edits = new List<PlannedContact>();
        foreach (var cur in current.Values)
        {
            var overridden = cur.Row?.OverriddenPersonalStanding;
            if (!cur.Managed)
            {
                // Personal. With Override, a colliding one is taken over, remembering what to give back.
                if (policy == PersonalContactPolicy.Override && wanted.TryGetValue(cur.Id, out var entry))
                {
                    var labels = Relabel(cur.Labels, ours, entry.LabelIds, out _);
                    edits.Add(new PlannedContact(cur.Id, entry.Contact.Type, SyncChangeKind.Update, cur.Standing, entry.Contact.Standing, labels, cur.Watched,
                        cur.Standing, cur.Labels, entry.ListIds));
                }
                continue;
            }
            if (wanted.TryGetValue(cur.Id, out var merge))
            {
                var want = merge.Contact;
                var labels = Relabel(cur.Labels, ours, merge.LabelIds, out var relabelled);
                if (Math.Abs(cur.Standing - want.Standing) > Tolerance || relabelled)
                {
                    edits.Add(new PlannedContact(cur.Id, want.Type, SyncChangeKind.Update, cur.Standing, want.Standing, labels, cur.Watched,
                        overridden, overridden is null ? null : ParseLabels(cur.Row!.OverriddenPersonalLabelIds), merge.ListIds));
                }
                else if (inDoubt?.Contains(cur.Id) != true
                    && (cur.Row is not { State: LedgerState.Written } row || !SameRow(row, want.Standing, labels, cur.Watched)
                        || (merge.ListIds is not null && row.ListIds != merge.ListIds)))
                {
                    // Nothing to write, but the ledger should say what the contact holds (adopted, or a write confirmed).
                    var upsert = Row(characterId, cur.Id, want.Type, want.Standing, labels, cur.Watched, LedgerState.Written,
                        cur.Row?.State == LedgerState.Written && cur.Row.WrittenAt <= now ? cur.Row.WrittenAt : now, cur.Row);
                    upsert.ListIds = merge.ListIds ?? cur.Row?.ListIds ?? "";
                    upserts.Add(upsert);
                    drops.Remove(cur.Id);
                }
            }
            else if (cappedIds?.Contains(cur.Id) != true && Frozen(cur.Row, merged))
            {
                // One of its lists lost its label on this character: we cannot tell whether it still holds the contact.
                // (Capped ones were counted as candidates, not as fixed slots: they go, the cap wins.)
                continue;
            }
            else if (overridden is { } personal)
            {
                // The entry went: give the member's contact back as it was, without our label.
                // The member's labels as they are now, or as remembered when the game dropped them all.
                var back = Without(cur.Labels, ours);
                if (back.Length == 0)
                    back = ParseLabels(cur.Row!.OverriddenPersonalLabelIds);
                edits.Add(new PlannedContact(cur.Id, cur.Type, SyncChangeKind.Restore, cur.Standing, personal, back, cur.Watched,
                    personal, ParseLabels(cur.Row!.OverriddenPersonalLabelIds)));
            }
            else
            {
                deletes.Add(new PlannedContact(cur.Id, cur.Type, SyncChangeKind.Remove, cur.Standing, cur.Standing, cur.Labels, cur.Watched));
            }
        }
        foreach (var d in wanted.Values)
        {
            if (!current.ContainsKey(d.Id))
                adds.Add(new PlannedContact(d.Id, d.Contact.Type, SyncChangeKind.Add, null, d.Contact.Standing, [.. d.LabelIds], false, ListIds: d.ListIds));
        }
        // A row dropped above but written again by a call is replaced by the call's intent, not dropped.
        if (drops.Count > 0)
        {
            var written = new HashSet<long>();
            foreach (var p in adds)
                written.Add(p.Id);
            foreach (var p in edits)
                written.Add(p.Id);
            drops.RemoveAll(written.Contains);
        }

        var calls = new List<PlannedCall>();
        deletes.Sort((a, b) => a.Id.CompareTo(b.Id));
        foreach (var chunk in deletes.Chunk(EsiClient.MaxContactsPerDelete))
            calls.Add(new PlannedCall(ContactCallKind.Delete, 0, [], false, chunk));
        AddGrouped(calls, ContactCallKind.Add, adds);
        AddGrouped(calls, ContactCallKind.Edit, edits);

        collisions.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new SyncPlan(calls, collisions, capped, upserts, drops);
    }

    /// <summary>Higher |standing| first, then alliance, corporation, character, then id: what stays when the cap bites.</summary>
    public static int Priority(DesiredContact a, DesiredContact b)
    {
        var byStanding = Math.Abs(b.Standing).CompareTo(Math.Abs(a.Standing));
        if (byStanding != 0)
            return byStanding;
        var byType = TypeRank(a.Type).CompareTo(TypeRank(b.Type));
        return byType != 0 ? byType : a.Id.CompareTo(b.Id);
    }

    /// <summary>Higher list priority first, then <see cref="Priority"/>: the cap is filled by list priority.</summary>
    private static int RankedPriority(MergedContact a, MergedContact b)
    {
        var byRank = b.Rank.CompareTo(a.Rank);
        return byRank != 0 ? byRank : Priority(a.Contact, b.Contact);
    }

    /// <summary>
    /// Stable fingerprint of what a character should hold: sorted (id, type, standing) without the character itself,
    /// plus the label name and policy. Equal hashes and 304 reads mean there is nothing to do.
    /// </summary>
    public static string DesiredHash(IEnumerable<DesiredContact> desired, long characterId, string labelName, PersonalContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var sorted = desired.Where(d => d.Id != characterId).OrderBy(d => d.Id).ToArray();
        return HashSorted(sorted, characterId, labelName, policy);
    }

    /// <summary><see cref="DesiredHash"/> for entries already sorted by id (the cached set), skipping the character.</summary>
    internal static string HashSorted(IReadOnlyList<DesiredContact> sorted, long characterId, string labelName, PersonalContactPolicy policy)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[17];
        foreach (var d in sorted)
        {
            if (d.Id == characterId)
                continue;
            BitConverter.TryWriteBytes(buffer[..8], d.Id);
            buffer[8] = (byte)d.Type;
            BitConverter.TryWriteBytes(buffer[9..], d.Standing);
            sha.AppendData(buffer);
        }
        sha.AppendData(Encoding.UTF8.GetBytes($"|{labelName.Trim().ToUpperInvariant()}|{policy}"));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    /// <summary>The ledger's space-separated label ids, parsed once per row.</summary>
    public static long[] ParseLabels(string? labelIds)
    {
        if (string.IsNullOrEmpty(labelIds))
            return [];
        var span = labelIds.AsSpan();
        var result = new List<long>(2);
        foreach (var range in span.Split(' '))
        {
            if (span[range].Length > 0 && long.TryParse(span[range], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                result.Add(id);
        }
        return [.. result];
    }

    public static string FormatLabels(IReadOnlyList<long> labelIds)
    {
        if (labelIds.Count == 0)
            return "";
        if (labelIds.Count == 1)
            return labelIds[0].ToString(CultureInfo.InvariantCulture);
        return string.Join(' ', labelIds.Select(l => l.ToString(CultureInfo.InvariantCulture)));
    }

    public static EntityType? TypeOf(string contactType) => contactType switch
    {
        "character" => EntityType.Character,
        "corporation" => EntityType.Corporation,
        "alliance" => EntityType.Alliance,
        _ => null, // factions are never entries
    };

    internal static ManagedContact Row(long characterId, long contactId, EntityType? type, double standing, long[] labels, bool watched,
        LedgerState state, DateTimeOffset writtenAt, ManagedContact? previous) => new()
        {
            CharacterId = characterId,
            ContactId = contactId,
            ContactType = type ?? previous?.ContactType ?? EntityType.Character,
            Standing = standing,
            LabelIds = FormatLabels(labels),
            Watched = watched,
            State = state,
            WrittenAt = writtenAt,
            OverriddenPersonalStanding = previous?.OverriddenPersonalStanding,
            OverriddenPersonalLabelIds = previous?.OverriddenPersonalLabelIds,
        };

    private static bool SameRow(ManagedContact row, double standing, long[] labels, bool watched) =>
        Math.Abs(row.Standing - standing) <= Tolerance && row.Watched == watched && SameLabels(row.LabelIds, labels);

    /// <summary>Whether the ledger's text is <see cref="FormatLabels"/> of <paramref name="labels"/>, without allocating.</summary>
    private static bool SameLabels(string text, long[] labels)
    {
        Span<char> buffer = stackalloc char[Math.Max(1, labels.Length * 21)];
        var length = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
                buffer[length++] = ' ';
            if (!labels[i].TryFormat(buffer[length..], out var written, default, CultureInfo.InvariantCulture))
                return false;
            length += written;
        }
        return text.AsSpan().SequenceEqual(buffer[..length]);
    }

    private static int TypeRank(EntityType type) => type switch
    {
        EntityType.Alliance => 0,
        EntityType.Corporation => 1,
        _ => 2,
    };

    /// <summary>Groups by (standing, label set, watched) and cuts each group in calls of 100: the fewest calls ESI allows.</summary>
    private static void AddGrouped(List<PlannedCall> calls, ContactCallKind kind, List<PlannedContact> items)
    {
        if (items.Count == 0)
            return;
        var groups = new Dictionary<GroupKey, List<PlannedContact>>();
        foreach (var item in items)
        {
            var key = new GroupKey(item.Standing, item.Watched, new LabelSet(item.LabelIds));
            if (!groups.TryGetValue(key, out var list))
                groups[key] = list = [];
            list.Add(item);
        }
        var ordered = groups.ToList();
        ordered.Sort((a, b) => a.Key.CompareTo(b.Key));
        foreach (var (key, list) in ordered)
        {
            list.Sort((a, b) => a.Id.CompareTo(b.Id));
            foreach (var chunk in list.Chunk(EsiClient.MaxContactsPerWrite))
                calls.Add(new PlannedCall(kind, key.Standing, key.Labels.Ids, key.Watched, chunk));
        }
    }

    /// <summary>
    /// The member's own labels as they are, ours that no holding list gives dropped, the holding lists' labels appended:
    /// the same array (and <paramref name="changed"/> false) when nothing moves.
    /// </summary>
    private static long[] Relabel(long[] labels, long[] ours, long[] wanted, out bool changed)
    {
        changed = false;
        List<long>? result = null;
        for (var i = 0; i < labels.Length; i++)
        {
            var l = labels[i];
            if (Array.IndexOf(ours, l) >= 0 && Array.IndexOf(wanted, l) < 0)
            {
                result ??= [.. labels.AsSpan(0, i)];
                changed = true;
                continue;
            }
            result?.Add(l);
        }
        foreach (var w in wanted)
        {
            if (Array.IndexOf(labels, w) >= 0)
                continue;
            result ??= [.. labels];
            result.Add(w);
            changed = true;
        }
        return result is null ? labels : [.. result];
    }

    private static long[] Without(long[] labels, long[] ours) =>
        CarriesAny(labels, ours) ? Array.FindAll(labels, l => Array.IndexOf(ours, l) < 0) : labels;

    private static bool CarriesAny(long[] labels, long[] ours)
    {
        foreach (var l in labels)
        {
            if (Array.IndexOf(ours, l) >= 0)
                return true;
        }
        return false;
    }

    /// <summary>A managed contact written for a list whose label is now missing: kept as it is.</summary>
    private static bool Frozen(ManagedContact? row, MergedLists merged)
    {
        if (row is null || merged.FrozenListIds.Count == 0 || row.State is LedgerState.Removing or LedgerState.Removed)
            return false;
        foreach (var id in ListMerge.ParseListIds(row.ListIds))
        {
            if (merged.FrozenListIds.Contains(id))
                return true;
        }
        return false;
    }

    // A struct: one per contact, copied with `with` instead of allocated twice.
    private readonly record struct Current(long Id, EntityType? Type, double Standing, long[] Labels, bool Watched, bool Managed, ManagedContact? Row);

    private readonly record struct GroupKey(double Standing, bool Watched, LabelSet Labels) : IComparable<GroupKey>
    {
        public int CompareTo(GroupKey other)
        {
            var c = Standing.CompareTo(other.Standing);
            if (c != 0)
                return c;
            c = Watched.CompareTo(other.Watched);
            return c != 0 ? c : Labels.CompareTo(other.Labels);
        }
    }

    /// <summary>An order-insensitive label set, sorted once, with value equality for grouping.</summary>
    private readonly struct LabelSet : IEquatable<LabelSet>, IComparable<LabelSet>
    {
        private readonly int _hash;

        public LabelSet(long[] ids)
        {
            var sorted = ids.Length < 2 ? ids : [.. ids];
            if (sorted.Length > 1)
                Array.Sort(sorted);
            Ids = sorted;
            var hash = new HashCode();
            foreach (var id in sorted)
                hash.Add(id);
            _hash = hash.ToHashCode();
        }

        public long[] Ids { get; }

        public bool Equals(LabelSet other) => Ids.AsSpan().SequenceEqual(other.Ids);

        public override bool Equals(object? obj) => obj is LabelSet other && Equals(other);

        public override int GetHashCode() => _hash;

        public int CompareTo(LabelSet other) => Ids.AsSpan().SequenceCompareTo(other.Ids);
    }
}
