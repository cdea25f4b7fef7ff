using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Webhooks;

namespace StandingsManager.Core.Standings;

/// <summary>
/// Reads the entry change log for incremental readers (the API's <c>changedSince</c>, webhooks) and prunes it. Rows are
/// written by <see cref="StandingsDbContext"/> itself; ids grow in commit order, so "after id N" never misses a row.
/// </summary>
public sealed class EntryChangeLog(IDbContextFactory<StandingsDbContext> dbFactory, IOptions<WebhooksOptions> options, TimeProvider time)
{
    /// <summary>The list's changes after <paramref name="afterId"/>, oldest first, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<EntryChange>> AfterAsync(int listId, long afterId, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.EntryChanges.AsNoTracking().Where(c => c.ListId == listId && c.Id > afterId).OrderBy(c => c.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>The list's changes made after <paramref name="since"/>, oldest first, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<EntryChange>> SinceAsync(int listId, DateTimeOffset since, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.EntryChanges.AsNoTracking().Where(c => c.ListId == listId && c.At > since).OrderBy(c => c.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Whether the log still holds every change since <paramref name="since"/>; if not, a reader must read the whole list.</summary>
    public bool Covers(DateTimeOffset since) => since >= time.GetUtcNow() - options.Value.ChangeLogRetention;

    /// <summary>Rows older than <see cref="WebhooksOptions.ChangeLogRetentionDays"/> go; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var before = time.GetUtcNow() - options.Value.ChangeLogRetention;
        return await db.EntryChanges.Where(c => c.At < before).ExecuteDeleteAsync(ct);
    }
}
