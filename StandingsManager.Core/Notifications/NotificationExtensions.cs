using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Notifications;

internal static class NotificationExtensions
{
    public static void Notify(this StandingsDbContext db, int accountId, DateTimeOffset at, NotificationLevel level, string title, string body = "") =>
        db.Notifications.Add(new Notification { AccountId = accountId, CreatedAt = at, Level = level, Title = title, Body = body });
}
