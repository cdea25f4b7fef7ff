using StandingsManager.Core.Localization;
using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Audit;

/// <summary>What an auditor narrows the log to. Every part is optional; dates are UTC days, both ends included.</summary>
/// <param name="Actor">Part of the actor's name.</param>
/// <param name="Subject">Part of the subject's name, or its exact EVE id.</param>
/// <param name="ListId">Only rows about this list (its entries, requests, revocations and the list itself), deleted or not.</param>
public sealed record AuditFilter(AuditAction? Action = null, string? Actor = null, string? Subject = null, DateOnly? From = null, DateOnly? To = null,
    int? ListId = null)
{
    public static readonly AuditFilter None = new();
}

/// <summary>The audit log for auditors: filtered pages for the screen, and the same filter streamed as CSV.</summary>
public sealed class AuditLogQueries(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors)
{
    /// <summary>The export's columns: the page's, in the page's order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["When (UTC)", "Action", "List", "Actor", "Subject", "Standing", "Details"];

    public async Task<Page<AuditEntry>> PageAsync(int actorAccountId, AuditFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireAuditorAsync(db, actorAccountId, ct);
        var query = Filtered(db, filter);
        var items = await query.NewestFirst().Skip(skip).Take(take).ToListAsync(ct);
        return new Page<AuditEntry>(items, await query.CountAsync(ct));
    }

    /// <summary>
    /// Writes every row the filter matches, newest first, as CSV. Rows are read one at a time from the database and
    /// written as they come, so a log of any size exports in constant memory. Returns the number of rows written.
    /// </summary>
    public async Task<int> ExportCsvAsync(int actorAccountId, AuditFilter filter, Stream output, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireAuditorAsync(db, actorAccountId, ct);
        // Spreadsheets run cells that start with = + - @ as formulas; names and reasons are users' text, so those are escaped.
        await using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { Injection = CsvInjection.Escape, WriteByteOrderMark = true }, leaveOpen: true);
        await csv.WriteRecordAsync([.. Columns], ct);
        // Deleted lists too: their rows stay and still name them.
        var listNames = await db.Lists.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);

        var rows = 0;
        // One row at a time from the reader into the writer's buffer, which goes out whenever it fills.
        await foreach (var entry in Filtered(db, filter).NewestFirst().AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.WriteField(entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField(entry.Action.Describe());
            csv.WriteField(entry.ListId is { } listId ? listNames.GetValueOrDefault(listId) ?? $"List {listId}" : null);
            csv.WriteField(entry.ActorName);
            csv.WriteField(entry.SubjectName);
            // A number, not text: "-5" is a standing, not a formula to escape.
            csv.WriteField(entry.Standing, "0.##");
            csv.WriteField(entry.Details);
            await csv.EndRecordAsync(ct);
            rows++;
        }
        await csv.FlushAsync(ct);
        return rows;
    }

    private async Task RequireAuditorAsync(StandingsDbContext db, int actorAccountId, CancellationToken ct) =>
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Auditor, () => CoreText.Get("Role.Needed.ReadAuditLog"));

    internal static IQueryable<AuditEntry> Filtered(StandingsDbContext db, AuditFilter filter)
    {
        var query = db.Audit.AsNoTracking();
        if (filter.Action is { } action)
            query = query.Where(a => a.Action == action);
        if (filter.ListId is { } listId)
            query = query.Where(a => a.ListId == listId);
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim().ToLower();
            query = query.Where(a => a.ActorName.ToLower().Contains(actor));
        }
        if (!string.IsNullOrWhiteSpace(filter.Subject))
        {
            var subject = filter.Subject.Trim();
            var term = subject.ToLower();
            query = long.TryParse(subject, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? query.Where(a => a.SubjectId == id || (a.SubjectName != null && a.SubjectName.ToLower().Contains(term)))
                : query.Where(a => a.SubjectName != null && a.SubjectName.ToLower().Contains(term));
        }
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At >= start);
        }
        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At < end);
        }
        return query;
    }
}
