using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Notifications;

/// <summary>
/// How notifications, alerts and Discord messages name a list: " on Coalition Blues" once there is more than one list,
/// nothing while there is one (its members never had to think about lists).
/// </summary>
public sealed class ListMention
{
    private readonly IReadOnlyDictionary<int, string> _names;
    private readonly bool _several;

    private ListMention(IReadOnlyDictionary<int, string> names, bool several)
    {
        _names = names;
        _several = several;
    }

    public static async Task<ListMention> LoadAsync(StandingsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var lists = await db.Lists.AsNoTracking().Select(l => new { l.Id, l.Name, Deleted = l.DeletedAt != null }).ToListAsync(ct);
        return new ListMention(lists.ToDictionary(l => l.Id, l => l.Name), lists.Count(l => !l.Deleted) > 1);
    }

    /// <summary>Whether lists are named at all: more than one list that is not deleted.</summary>
    public bool Several => _several;

    /// <summary>" on {name}" when there are several lists, else "".</summary>
    public string On(int listId) => _several && _names.TryGetValue(listId, out var name) ? $" on {name}" : "";

    /// <summary>For a notification text: " on {name}" in the reader's language when there are several lists, else "".</summary>
    public object OnText(int listId) => _several && _names.TryGetValue(listId, out var name) ? NotificationText.Format("List.On", name) : "";

    /// <summary>For a notification text: " ({name})" when there are several lists, else "".</summary>
    public object SuffixText(int listId) => _several && _names.TryGetValue(listId, out var name) ? NotificationText.Format("List.Suffix", name) : "";

    /// <summary>" ({name})" when there are several lists, else "".</summary>
    public string Suffix(int listId) => _several && _names.TryGetValue(listId, out var name) ? $" ({name})" : "";
}
