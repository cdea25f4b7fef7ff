using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
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
    /// <param name="noun">What the user calls it: "request", "revocation".</param>
    public static async Task<T> LoadPendingAsync<T>(this IQueryable<T> items, int id, string noun, CancellationToken ct)
        where T : class, IDecidable
    {
        var item = await items.SingleOrDefaultAsync(i => i.Id == id, ct)
            ?? throw WorkflowException.NotFound($"That {noun} does not exist.");
        if (item.Status != RequestStatus.Pending)
            throw WorkflowException.Conflict($"This {noun} was already {item.Status.ToString().ToLowerInvariant()}" +
                (item.DecidedByName is null ? "." : $" by {item.DecidedByName}."));
        return item;
    }

    /// <summary>
    /// Every selected item, tracked, for a bulk decision: all or nothing. If any of them changed, went or was decided
    /// since the page showed it, nothing is loaded and the refusal says to reload.
    /// </summary>
    /// <param name="nouns">What the user calls them: "requests", "revocations".</param>
    public static async Task<IReadOnlyList<T>> LoadAllPendingAsync<T>(this IQueryable<T> items, IReadOnlyCollection<DecisionRef> selected,
        string nouns, CancellationToken ct)
        where T : class, IDecidable, IVersioned
    {
        ArgumentNullException.ThrowIfNull(selected);
        if (selected.Count == 0)
            throw WorkflowException.Invalid($"Tick at least one of the {nouns}.");
        var ids = selected.Select(s => s.Id).Distinct().ToList();
        var loaded = await items.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var stale = ids.Count(id => !loaded.TryGetValue(id, out var item) || item.Status != RequestStatus.Pending
            || selected.Any(s => s.Id == id && s.Version != item.Version));
        if (stale > 0)
            throw WorkflowException.Conflict($"{stale} of the {ids.Count} selected {nouns} changed or were decided since the page showed them. " +
                "Reload and try again; nothing was decided.");
        return [.. ids.Select(id => loaded[id])];
    }
}
