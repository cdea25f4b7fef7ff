using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Standings;

/// <summary>Finds the list a standings action names, and refuses hand changes to lists their source writes.</summary>
public static class ListGuard
{
    /// <summary>The list, deleted or not (its history stays readable); a list that never existed is not found.</summary>
    internal static async Task<StandingsList> FindAsync(StandingsDbContext db, int listId, CancellationToken ct) =>
        await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, ct)
            ?? throw WorkflowException.NotFound("That list does not exist. Choose another list.");

    /// <summary>The list, if hands may change it: not deleted, and not written by a source.</summary>
    internal static async Task<StandingsList> EditableAsync(StandingsDbContext db, int listId, CancellationToken ct)
    {
        var list = await FindAsync(db, listId, ct);
        if (list.DeletedAt is not null)
            throw WorkflowException.Invalid($"{list.Name} was deleted: its entries cannot be changed.");
        if (list.IsReadOnly)
            throw WorkflowException.Invalid($"{list.Name} is written by its source ({SourceWords(list.Source)}): it cannot be edited by hand.");
        return list;
    }

    /// <summary>The source in words, for messages and the pages' notes.</summary>
    public static string SourceWords(ListSource source) => source switch
    {
        ListSource.InGameContacts => "in-game contacts",
        ListSource.WarTargets => "war targets",
        _ => "requests and approvals",
    };
}
