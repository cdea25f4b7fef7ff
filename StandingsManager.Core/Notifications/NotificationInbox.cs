using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Notifications;

public sealed record Inbox(int Unread, IReadOnlyList<Notification> Latest);

/// <summary>
/// A user's own notifications (the bell): decisions, lost grants, sold characters; in the reader's language (the
/// current UI culture: the account's choice or the browser's).
/// </summary>
public sealed class NotificationInbox(IDbContextFactory<StandingsDbContext> dbFactory)
{
    public async Task<Inbox> ReadAsync(int accountId, int take = 10, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = db.Notifications.AsNoTracking().Where(n => n.AccountId == accountId);
        var latest = await mine.OrderByDescending(n => n.Id).Take(take).ToListAsync(ct);
        return new Inbox(await mine.CountAsync(n => !n.IsRead, ct), [.. latest.Select(n => n.In(CultureInfo.CurrentUICulture))]);
    }

    /// <summary>All of the user's notifications, newest first, a page at a time; only the unread ones if asked.</summary>
    public async Task<Standings.Page<Notification>> PageAsync(int accountId, bool unreadOnly, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = db.Notifications.AsNoTracking().Where(n => n.AccountId == accountId && (!unreadOnly || !n.IsRead));
        var page = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new Standings.Page<Notification>([.. page.Select(n => n.In(CultureInfo.CurrentUICulture))], await mine.CountAsync(ct));
    }

    /// <summary>Marks one of the user's own notifications read; someone else's id changes nothing.</summary>
    public async Task<bool> MarkReadAsync(int accountId, long notificationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.Where(n => n.Id == notificationId && n.AccountId == accountId && !n.IsRead)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.IsRead, true), ct) == 1;
    }

    public async Task MarkAllReadAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Notifications.Where(n => n.AccountId == accountId && !n.IsRead).ExecuteUpdateAsync(u => u.SetProperty(n => n.IsRead, true), ct);
    }
}
