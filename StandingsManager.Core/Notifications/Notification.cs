namespace StandingsManager.Core.Notifications;

/// <summary>An in-app message for one account (the bell).</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public int AccountId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    public NotificationLevel Level { get; set; }
    public bool IsRead { get; set; }
}

public enum NotificationLevel
{
    Info = 0,
    Success = 1,
    Warning = 2,
    Error = 3,
}
