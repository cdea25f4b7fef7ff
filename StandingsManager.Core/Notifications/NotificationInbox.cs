using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Notifications;

public sealed record Inbox(int Unread, IReadOnlyList<Notification> Latest);

/// <summary>A user's own notifications (the bell): decisions, lost grants, sold characters.</summary>
public sealed class NotificationInbox(IDbContextFactory<StandingsDbContext> dbFactory)
{
    public async Task<Inbox> ReadAsync(int accountId, int take = 10, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = db.Notifications.AsNoTracking().Where(n => n.AccountId == accountId);
        return new Inbox(await mine.CountAsync(n => !n.IsRead, ct), await mine.OrderByDescending(n => n.Id).Take(take).ToListAsync(ct));
    }

    public async Task MarkAllReadAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Notifications.Where(n => n.AccountId == accountId && !n.IsRead).ExecuteUpdateAsync(u => u.SetProperty(n => n.IsRead, true), ct);
    }
}
