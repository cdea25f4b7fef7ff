using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;

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
}
