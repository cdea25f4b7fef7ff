using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Api;

/// <summary>
/// What the API reads for other programs. The key's scope is checked before these run (the API has no account to load);
/// the answers carry names, EVE ids and standings, never tokens or account ids.
/// </summary>
public sealed class ApiReads(IDbContextFactory<StandingsDbContext> dbFactory, EntryChangeLog changeLog, TimeProvider time)
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

    /// <summary>
    /// One page of a list's entries, ordered by entity id so pages stay stable while entries are added, and the cursor for
    /// <see cref="ChangesAsync"/>: taken before the entries are read, so a change made meanwhile comes again rather than never.
    /// </summary>
    public async Task<(ApiEntriesPage Page, ApiCursor Cursor)> EntriesAsync(int listId, int page, int pageSize, CancellationToken ct = default)
    {
        CheckPage(page, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireListAsync(db, listId, ct);
        var cursor = new ApiCursor(await LastChangeIdAsync(db, ct), time.GetUtcNow());
        var entries = db.Standings.AsNoTracking().Where(e => e.ListId == listId);
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderBy(e => e.EntityId).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (new ApiEntriesPage(listId, page, pageSize, total,
            [.. rows.Select(e => new ApiEntry(e.EntityId, e.EntityType.ToString(), e.EntityName, e.Standing, e.AddedAt, e.ExpiresAt))]), cursor);
    }

    /// <summary>
    /// The list's entries added, changed or removed after <paramref name="since"/> (at most <paramref name="pageSize"/>
    /// change-log rows' worth), each as it is now, and the cursor to read on from; null when the change log no longer
    /// reaches back to the cursor, so the reader must read the list in full again.
    /// </summary>
    public async Task<(ApiEntryChangesPage Page, ApiCursor Cursor)?> ChangesAsync(int listId, ApiCursor since, int pageSize, CancellationToken ct = default)
    {
        CheckPage(1, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireListAsync(db, listId, ct);
        if (!changeLog.Covers(since.At))
            return null;
        var readAt = time.GetUtcNow();
        var upTo = await LastChangeIdAsync(db, ct);
        var rows = await db.EntryChanges.AsNoTracking().Where(c => c.ListId == listId && c.Id > since.ChangeId && c.Id <= upTo)
            .OrderBy(c => c.Id).Take(pageSize).ToListAsync(ct);
        var more = rows.Count == pageSize;
        // A full page ends at its last row (and that row's time); otherwise everything up to upTo has been read.
        var cursor = more ? new ApiCursor(rows[^1].Id, rows[^1].At) : new ApiCursor(Math.Max(upTo, since.ChangeId), readAt);
        var last = rows.GroupBy(c => c.EntityId).Select(g => g.Last()).OrderBy(c => c.Id).ToList();
        var ids = last.Select(c => c.EntityId).ToList();
        var now = await db.Standings.AsNoTracking().Where(e => e.ListId == listId && ids.Contains(e.EntityId)).ToDictionaryAsync(e => e.EntityId, ct);
        // As each entry is now, not as the row says: a change made after upTo shows here and again on the next read.
        var changes = last.Select(c => now.TryGetValue(c.EntityId, out var e)
            ? new ApiEntryChange(e.EntityId, e.EntityType.ToString(), e.EntityName, false, e.Standing, e.AddedAt, e.ExpiresAt)
            : new ApiEntryChange(c.EntityId, c.EntityType.ToString(), c.EntityName, true, null, null, null)).ToList();
        return (new ApiEntryChangesPage(listId, more, changes), cursor);
    }

    private static async Task RequireListAsync(StandingsDbContext db, int listId, CancellationToken ct)
    {
        if (!await db.Lists.AnyAsync(l => l.Id == listId && l.DeletedAt == null, ct))
            throw WorkflowException.NotFound($"There is no list {listId}; GET /api/v1/lists names them.");
    }

    private static async Task<long> LastChangeIdAsync(StandingsDbContext db, CancellationToken ct) =>
        await db.EntryChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0;
}
