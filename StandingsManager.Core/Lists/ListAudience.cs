using System.Globalization;
using StandingsManager.Core.Accounts;

namespace StandingsManager.Core.Lists;

/// <summary>Who a list reaches: its states, narrowed (when any are named) to members of named corporations or alliances.</summary>
public static class ListAudience
{
    /// <summary>Whether a user in <paramref name="state"/> whose main is in this corporation and alliance receives the list.</summary>
    public static bool Reaches(StandingsList list, AccessState state, long? corporationId, long? allianceId)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (!list.IsActive || !Includes(list.AudienceStates, state))
            return false;
        var corporations = ParseIds(list.AudienceCorporationIds);
        var alliances = ParseIds(list.AudienceAllianceIds);
        if (corporations.Length == 0 && alliances.Length == 0)
            return true;
        return (corporationId is { } corp && Array.IndexOf(corporations, corp) >= 0)
            || (allianceId is { } alliance && Array.IndexOf(alliances, alliance) >= 0);
    }

    public static bool Includes(ListAudienceStates states, AccessState state) => state switch
    {
        AccessState.Member => states.HasFlag(ListAudienceStates.Member),
        AccessState.Blue => states.HasFlag(ListAudienceStates.Blue),
        AccessState.Guest => states.HasFlag(ListAudienceStates.Guest),
        _ => false,
    };

    /// <summary>The stored space-separated ids; anything unparsable was refused on save, so it is skipped here.</summary>
    public static long[] ParseIds(string? ids)
    {
        if (string.IsNullOrWhiteSpace(ids))
            return [];
        var result = new List<long>();
        foreach (var part in ids.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
                result.Add(id);
        }
        return [.. result];
    }

    public static string FormatIds(IEnumerable<long> ids) =>
        string.Join(' ', ids.Distinct().Order().Select(id => id.ToString(CultureInfo.InvariantCulture)));
}
