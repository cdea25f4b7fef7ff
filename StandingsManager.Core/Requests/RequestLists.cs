using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Lists;
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
        var list = await RequireWritableAsync(db, listId, "takes no requests", ct);
        if (!(await ListViewer.LoadAsync(db, actor, ct)).Receives(list))
            throw WorkflowException.Forbidden($"{list.Name} is not for you: its audience does not include your main character ({actor.State}). Choose another list.");
        return list;
    }

    /// <summary>
    /// The list, if requests may still be decided on it: it exists, is active, and is written by requests. What it
    /// refuses with, <paramref name="refusal"/>, ends the message ("takes no requests", "cannot be edited by hand").
    /// </summary>
    public static async Task<StandingsList> RequireWritableAsync(StandingsDbContext db, int listId, string refusal, CancellationToken ct)
    {
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, ct)
            ?? throw WorkflowException.NotFound("That list does not exist. Reload the page.");
        if (list.DeletedAt is not null)
            throw WorkflowException.Invalid($"{list.Name} was deleted: it {refusal}.");
        if (list.IsReadOnly)
            throw WorkflowException.Invalid($"{list.Name} is written by its source ({Standings.ListGuard.SourceWords(list.Source)}): it {refusal}.");
        if (!list.Enabled)
            throw WorkflowException.Invalid($"{list.Name} is disabled: it {refusal} until an administrator enables it again.");
        return list;
    }
}
