using System.Globalization;

namespace StandingsManager.Core.Sync;

/// <summary>
/// One list as one character receives it: the list's label id found on the character (null when the character lacks
/// the label) and its entries. <paramref name="Receives"/> false: the list's label is ours (its contacts go) but it
/// brings nothing, e.g. the member switched it off for this character.
/// </summary>
public sealed record ListInput(int ListId, int Priority, long? LabelId, IReadOnlyList<DesiredContact> Entries, bool Receives = true);

/// <summary>One entity as the merged lists want it: the deciding list's standing, every holding list's label, the cap rank.</summary>
public sealed record MergedContact(DesiredContact Contact, long[] LabelIds, string? ListIds, int Rank)
{
    public long Id => Contact.Id;
}

/// <summary>
/// The desired set of one character: the merged contacts, the label ids that mark a contact as ours, and the lists
/// whose label is missing (frozen: their contacts are neither written nor removed until the label is back).
/// </summary>
public sealed record MergedLists(IReadOnlyList<MergedContact> Desired, long[] OurLabels, IReadOnlySet<int> FrozenListIds)
{
    /// <summary>The single-list form the planner has always taken: one label, the entries as they are.</summary>
    public static MergedLists OneList(long labelId, IReadOnlyList<DesiredContact> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        long[] labels = [labelId];
        var merged = new MergedContact[desired.Count];
        for (var i = 0; i < desired.Count; i++)
            merged[i] = new MergedContact(desired[i], labels, null, 0);
        return new MergedLists(merged, labels, new HashSet<int>());
    }
}

/// <summary>
/// Pure merge of the lists a character receives into its desired set. When an entity is on several lists the highest
/// priority list decides its standing (ties: the lower list id); the contact carries every holding list's label, so
/// leaving one list keeps it while another holds it. A list whose label is missing is left out and frozen.
/// </summary>
public static class ListMerge
{
    public static MergedLists Merge(IReadOnlyList<ListInput> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var ordered = lists.OrderByDescending(l => l.Priority).ThenBy(l => l.ListId).ToList();
        var byId = new Dictionary<long, (DesiredContact Contact, List<long> Labels, List<int> Lists, int Rank)>();
        var ours = new List<long>();
        var frozen = new HashSet<int>();
        foreach (var list in ordered)
        {
            if (list.LabelId is not { } label)
            {
                if (list.Receives)
                    frozen.Add(list.ListId);
                continue;
            }
            if (!ours.Contains(label))
                ours.Add(label);
            if (!list.Receives)
                continue;
            foreach (var entry in list.Entries)
            {
                if (!byId.TryGetValue(entry.Id, out var held))
                {
                    byId[entry.Id] = (entry, [label], [list.ListId], list.Priority);
                    continue;
                }
                if (!held.Labels.Contains(label))
                    held.Labels.Add(label);
                if (!held.Lists.Contains(list.ListId))
                    held.Lists.Add(list.ListId);
            }
        }
        var desired = new List<MergedContact>(byId.Count);
        foreach (var (_, held) in byId.OrderBy(p => p.Key))
        {
            held.Lists.Sort();
            desired.Add(new MergedContact(held.Contact, [.. held.Labels], FormatListIds(held.Lists), held.Rank));
        }
        return new MergedLists(desired, [.. ours], frozen);
    }

    public static string FormatListIds(IEnumerable<int> listIds) =>
        string.Join(' ', listIds.Order().Select(l => l.ToString(CultureInfo.InvariantCulture)));

    public static int[] ParseListIds(string? listIds) =>
        string.IsNullOrWhiteSpace(listIds)
            ? []
            : [.. listIds.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0)];
}
