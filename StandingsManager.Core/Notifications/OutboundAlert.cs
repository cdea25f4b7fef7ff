namespace StandingsManager.Core.Notifications;

/// <summary>
/// An alert for the operator's chat (Discord), written in the same unit of work as the change it announces, so a crash
/// between the commit and the post loses nothing: the relay sends it later.
/// </summary>
public sealed class OutboundAlert
{
    public long Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    /// <summary>As <see cref="Notification.TitleText"/>: rendered in the operator's language when posted.</summary>
    public string? TitleText { get; set; }
    public string? BodyText { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Set when the alert will never be sent (the webhook refused it for good); the reason is logged.</summary>
    public DateTimeOffset? AbandonedAt { get; set; }
}

internal static class OutboundAlerts
{
    public static void QueueOutboundAlert(this Persistence.StandingsDbContext db, DateTimeOffset at, LocalText title, LocalText body) =>
        db.OutboundAlerts.Add(new OutboundAlert
        {
            CreatedAt = at,
            NextAttemptAt = at,
            Title = title.Render(NotificationText.Stored),
            Body = body.Render(NotificationText.Stored),
            TitleText = title.ToJson(),
            BodyText = body.ToJson(),
        });
}
