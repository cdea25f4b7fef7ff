using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Requests;

/// <summary>Something pending that is decided once: a standing request or a revocation.</summary>
public interface IDecidable
{
    int Id { get; }
    RequestStatus Status { get; set; }
    int? DecidedByAccountId { get; set; }
    string? DecidedByName { get; set; }
    DateTimeOffset? DecidedAt { get; set; }
    string? DecisionNote { get; set; }
}

internal static class Decisions
{
    /// <summary>Records a decision; no actor means the system decided.</summary>
    public static void Decide(this IDecidable item, RequestStatus status, Actor? actor, DateTimeOffset now, string? note)
    {
        item.Status = status;
        item.DecidedAt = now;
        item.DecidedByAccountId = actor?.AccountId;
        item.DecidedByName = actor?.Name ?? "System";
        item.DecisionNote = note;
    }

    /// <summary>The item, tracked, if it still waits for a decision; otherwise a refusal that says who decided it.</summary>
    /// <param name="kind">What the user calls it: a request or a revocation.</param>
    public static async Task<T> LoadPendingAsync<T>(this IQueryable<T> items, int id, DecisionItem kind, CancellationToken ct)
        where T : class, IDecidable
    {
        var item = await items.SingleOrDefaultAsync(i => i.Id == id, ct)
            ?? throw WorkflowException.NotFound(kind == DecisionItem.Request ? CoreText.Get("Decisions.Request.Gone") : CoreText.Get("Decisions.Revocation.Gone"));
        if (item.Status != RequestStatus.Pending)
            throw WorkflowException.Conflict(AlreadyDecided(kind, item.Status, item.DecidedByName));
        return item;
    }

    /// <summary>"This request was already approved by Carol." The state word is the noun's own (gender, in some languages).</summary>
    private static string AlreadyDecided(DecisionItem kind, RequestStatus status, string? by)
    {
        var state = (kind, status) switch
        {
            (DecisionItem.Request, RequestStatus.Approved) => CoreText.Get("Decisions.Request.Approved"),
            (DecisionItem.Request, RequestStatus.Rejected) => CoreText.Get("Decisions.Request.Rejected"),
            (DecisionItem.Request, _) => CoreText.Get("Decisions.Request.Cancelled"),
            (_, RequestStatus.Approved) => CoreText.Get("Decisions.Revocation.Approved"),
            (_, RequestStatus.Rejected) => CoreText.Get("Decisions.Revocation.Rejected"),
            _ => CoreText.Get("Decisions.Revocation.Cancelled"),
        };
        return (kind, by) switch
        {
            (DecisionItem.Request, null) => CoreText.Format("Decisions.Request.Decided", state),
            (DecisionItem.Request, _) => CoreText.Format("Decisions.Request.DecidedBy", state, by),
            (_, null) => CoreText.Format("Decisions.Revocation.Decided", state),
            _ => CoreText.Format("Decisions.Revocation.DecidedBy", state, by),
        };
    }

    /// <summary>
    /// Every selected item, tracked, for a bulk decision: all or nothing. If any of them changed, went or was decided
    /// since the page showed it, nothing is loaded and the refusal says to reload.
    /// </summary>
    /// <param name="kind">What the user calls them: requests or revocations.</param>
    public static async Task<IReadOnlyList<T>> LoadAllPendingAsync<T>(this IQueryable<T> items, IReadOnlyCollection<DecisionRef> selected,
        DecisionItem kind, CancellationToken ct)
        where T : class, IDecidable, IVersioned
    {
        ArgumentNullException.ThrowIfNull(selected);
        if (selected.Count == 0)
            throw WorkflowException.Invalid(kind == DecisionItem.Request ? CoreText.Get("Decisions.Request.NoneTicked") : CoreText.Get("Decisions.Revocation.NoneTicked"));
        var ids = selected.Select(s => s.Id).Distinct().ToList();
        var loaded = await items.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var stale = ids.Count(id => !loaded.TryGetValue(id, out var item) || item.Status != RequestStatus.Pending
            || selected.Any(s => s.Id == id && s.Version != item.Version));
        if (stale > 0)
            throw WorkflowException.Conflict(kind == DecisionItem.Request
                ? CoreText.Format("Decisions.Request.Stale", stale, ids.Count)
                : CoreText.Format("Decisions.Revocation.Stale", stale, ids.Count));
        return [.. ids.Select(id => loaded[id])];
    }
}
