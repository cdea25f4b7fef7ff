namespace StandingsManager.Core.Notifications;

/// <summary>An in-app message for one account (the bell).</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public int AccountId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>In English; <see cref="TitleText"/> renders it in the reader's language (rows from before it have none).</summary>
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    /// <summary>The title as a <see cref="LocalText"/> in JSON, rendered when shown; null: <see cref="Title"/> as written.</summary>
    public string? TitleText { get; set; }
    /// <summary>The body likewise; null: <see cref="Body"/> as written (a member's reason or note is data, kept as is).</summary>
    public string? BodyText { get; set; }
    public NotificationLevel Level { get; set; }
    public bool IsRead { get; set; }

    /// <summary>Title and Body in <paramref name="culture"/>, for a notification read without tracking.</summary>
    public Notification In(System.Globalization.CultureInfo culture)
    {
        Title = LocalText.FromJson(TitleText)?.Render(culture) ?? Title;
        Body = LocalText.FromJson(BodyText)?.Render(culture) ?? Body;
        return this;
    }
}

public enum NotificationLevel
{
    Info = 0,
    Success = 1,
    Warning = 2,
    Error = 3,
}
