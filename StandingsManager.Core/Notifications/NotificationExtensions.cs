using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Notifications;

internal static class NotificationExtensions
{
    /// <summary>A notification whose title and body are both texts of ours, rendered in the reader's language.</summary>
    public static void Notify(this StandingsDbContext db, int accountId, DateTimeOffset at, NotificationLevel level, LocalText title, LocalText? body = null) =>
        db.Add(accountId, at, level, title, body?.Render(NotificationText.Stored) ?? "", body?.ToJson());

    /// <summary>A notification whose body is a person's own words (a reason, a note) or a message stored elsewhere: shown as written.</summary>
    public static void Notify(this StandingsDbContext db, int accountId, DateTimeOffset at, NotificationLevel level, LocalText title, string body) =>
        db.Add(accountId, at, level, title, body, null);

    private static void Add(this StandingsDbContext db, int accountId, DateTimeOffset at, NotificationLevel level, LocalText title, string body, string? bodyText) =>
        db.Notifications.Add(new Notification
        {
            AccountId = accountId,
            CreatedAt = at,
            Level = level,
            Title = title.Render(NotificationText.Stored),
            TitleText = title.ToJson(),
            Body = body,
            BodyText = bodyText,
        });
}
