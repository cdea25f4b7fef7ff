using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Api;

/// <summary>
/// What the API reads for other programs. The key's scope is checked before these run (the API has no account to load);
/// the answers carry names, EVE ids and standings, never tokens or account ids.
/// </summary>
public sealed class ApiReads(IDbContextFactory<StandingsDbContext> dbFactory)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>Every list not deleted, highest priority first (the order in which lists decide a standing).</summary>
    public async Task<IReadOnlyList<ApiList>> ListsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lists = await db.Lists.AsNoTracking().Where(l => l.DeletedAt == null)
            .Select(l => new { l.Id, l.Name, l.Source, l.LabelName, l.Enabled, l.Priority, l.DefaultStanding, Entries = db.Standings.Count(e => e.ListId == l.Id) })
            .ToListAsync(ct);
        return [.. lists.OrderByDescending(l => l.Priority).ThenBy(l => l.Id)
            .Select(l => new ApiList(l.Id, l.Name, l.Source.ToString(), l.LabelName, l.Enabled, l.Priority, l.DefaultStanding, l.Entries))];
    }

    /// <summary>Refuses paging the API does not offer; called before a streamed answer starts, so the refusal is still a 400.</summary>
    public static void CheckPage(int page, int pageSize)
    {
        if (page < 1)
            throw WorkflowException.Invalid("page starts at 1.");
        if (pageSize is < 1 or > MaxPageSize)
            throw WorkflowException.Invalid($"pageSize must be between 1 and {MaxPageSize}.");
    }

    /// <summary>
    /// One page of the audit log with the audit page's filter, newest first, read from the database one row at a time
    /// as the response is written. Call <see cref="CheckPage"/> first.
    /// </summary>
    public async IAsyncEnumerable<ApiAuditRow> AuditAsync(AuditFilter filter, int page, int pageSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        CheckPage(page, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = AuditLogQueries.Filtered(db, filter).NewestFirst().Skip((page - 1) * pageSize).Take(pageSize).AsAsyncEnumerable().WithCancellation(ct);
        await foreach (var a in rows)
        {
            yield return new ApiAuditRow(a.Id, a.At, a.Action.ToString(), a.Action.Describe(), a.ListId, a.ActorName, a.SubjectId,
                a.SubjectType?.ToString(), a.SubjectName, a.Standing, a.Details);
        }
    }

    /// <summary>One page of a list's entries, ordered by entity id so pages stay stable while entries are added.</summary>
    public async Task<ApiEntriesPage> EntriesAsync(int listId, int page, int pageSize, CancellationToken ct = default)
    {
        CheckPage(page, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Lists.AnyAsync(l => l.Id == listId && l.DeletedAt == null, ct))
            throw WorkflowException.NotFound($"There is no list {listId}; GET /api/v1/lists names them.");
        var entries = db.Standings.AsNoTracking().Where(e => e.ListId == listId);
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderBy(e => e.EntityId).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new ApiEntriesPage(listId, page, pageSize, total,
            [.. rows.Select(e => new ApiEntry(e.EntityId, e.EntityType.ToString(), e.EntityName, e.Standing, e.AddedAt, e.ExpiresAt))]);
    }
}
