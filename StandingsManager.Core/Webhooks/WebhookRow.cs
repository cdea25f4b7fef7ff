namespace StandingsManager.Core.Webhooks;

/// <summary>
/// A webhook as its page shows it: never its secret. <see cref="Behind"/> counts the list's changes not yet delivered,
/// <see cref="WaitingSince"/> is when the oldest of them happened.
/// </summary>
public sealed record WebhookRow(
    int Id, int ListId, string ListName, string Url, bool Enabled, string CreatedByName, DateTimeOffset CreatedAt,
    DateTimeOffset? LastDeliveryAt, int? LastStatus, string? LastError, int AbandonedEvents, int Attempts, DateTimeOffset NextAttemptAt,
    int Behind, DateTimeOffset? WaitingSince, int Version, string? LastErrorTexts = null)
{
    /// <summary>The last delivery's error in the reader's language.</summary>
    public string? ShownLastError => Localization.Translations.Show(LastError, LastErrorTexts);
}

/// <summary>A webhook just registered: its secret, shown this once.</summary>
public sealed record WebhookCreated(int Id, string Secret);
