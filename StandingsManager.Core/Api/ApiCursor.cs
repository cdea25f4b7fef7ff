using System.Globalization;

namespace StandingsManager.Core.Api;

/// <summary>
/// Where an incremental reader of a list stands: the entry change log's id it has read up to, and when. An id, not a
/// time: a change's time is stamped before it commits and instances' clocks differ, so "changed since T" can miss a change
/// committed late, while change ids commit in order (see <see cref="Persistence.StandingsDbContext"/>) and "after id N"
/// misses none. The time only tells whether the log still reaches back that far (<see cref="Standings.EntryChangeLog.Covers"/>).
/// Clients treat the text as opaque.
/// </summary>
public readonly record struct ApiCursor(long ChangeId, DateTimeOffset At)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ChangeId}.{At.ToUnixTimeMilliseconds()}");

    public static bool TryParse(string? text, out ApiCursor cursor)
    {
        cursor = default;
        var parts = text?.Split('.') ?? [];
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            return false;
        cursor = new ApiCursor(id, DateTimeOffset.FromUnixTimeMilliseconds(ms));
        return true;
    }
}
