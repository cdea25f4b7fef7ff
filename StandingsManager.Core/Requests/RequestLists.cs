using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Requests;

/// <summary>A list as the request and queue pages offer it.</summary>
public sealed record RequestListChoice(int Id, string Name, double DefaultStanding);

/// <summary>Which lists a member may request on, and the refusals for the others.</summary>
internal static class RequestLists
{
    /// <summary>Active lists written by requests whose audience reaches the actor (their state, their main's corporation and alliance), highest priority first.</summary>
    public static async Task<IReadOnlyList<StandingsList>> RequestableAsync(StandingsDbContext db, Actor actor, CancellationToken ct)
    {
        var viewer = await ListViewer.LoadAsync(db, actor, ct);
        var lists = await db.Lists.AsNoTracking()
            .Where(l => l.Source == ListSource.Requests && l.Enabled && l.DeletedAt == null)
            .ToListAsync(ct);
        return [.. lists.Where(viewer.Receives)
            .OrderByDescending(l => l.Priority).ThenBy(l => l.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The list, if the actor may request on it now; otherwise a refusal that says why.</summary>
    public static async Task<StandingsList> RequireRequestableAsync(StandingsDbContext db, Actor actor, int listId, CancellationToken ct)
    {
        var list = await RequireWritableAsync(db, listId, ListUse.Requests, ct);
        if (!(await ListViewer.LoadAsync(db, actor, ct)).Receives(list))
            throw WorkflowException.Forbidden(CoreText.Format("Requests.NotForYou", list.Name, RequestWords.State(actor.State)));
        return list;
    }

    /// <summary>
    /// The list, if requests may still be decided on it: it exists, is active, and is written by requests. The refusal
    /// says what the list cannot take (<paramref name="use"/>), one whole sentence per reason and use.
    /// </summary>
    public static async Task<StandingsList> RequireWritableAsync(StandingsDbContext db, int listId, ListUse use, CancellationToken ct)
    {
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("List.NotFound.Reload"));
        if (list.DeletedAt is not null)
            throw WorkflowException.Invalid(use switch
            {
                ListUse.Requests => CoreText.Format("List.Deleted.NoRequests", list.Name),
                ListUse.RemovalRequests => CoreText.Format("List.Deleted.NoRemovalRequests", list.Name),
                ListUse.Approval => CoreText.Format("List.Deleted.NoApproval", list.Name),
                _ => CoreText.Format("List.Deleted.NoBulkApproval", list.Name),
            });
        if (list.IsReadOnly)
        {
            var source = Standings.ListGuard.SourceWords(list.Source);
            throw WorkflowException.Invalid(use switch
            {
                ListUse.Requests => CoreText.Format("List.BySource.NoRequests", list.Name, source),
                ListUse.RemovalRequests => CoreText.Format("List.BySource.NoRemovalRequests", list.Name, source),
                ListUse.Approval => CoreText.Format("List.BySource.NoApproval", list.Name, source),
                _ => CoreText.Format("List.BySource.NoBulkApproval", list.Name, source),
            });
        }
        if (!list.Enabled)
            throw WorkflowException.Invalid(use switch
            {
                ListUse.Requests => CoreText.Format("List.Disabled.NoRequests", list.Name),
                ListUse.RemovalRequests => CoreText.Format("List.Disabled.NoRemovalRequests", list.Name),
                ListUse.Approval => CoreText.Format("List.Disabled.NoApproval", list.Name),
                _ => CoreText.Format("List.Disabled.NoBulkApproval", list.Name),
            });
        return list;
    }
}
