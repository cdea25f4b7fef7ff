using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Webhooks;

/// <summary>
/// An outgoing webhook of one list: every entry change of the list (<see cref="Standings.EntryChange"/>) is posted to
/// <see cref="Url"/> in order, signed with the secret. <see cref="LastEventId"/> is the delivery cursor: the relay posts
/// the list's first change after it, and only moves it once the receiver has answered.
/// </summary>
public sealed class Webhook : IVersioned
{
    public int Id { get; set; }
    public int ListId { get; set; }
    public required string Url { get; set; }
    /// <summary>The signing secret, encrypted with Data Protection (as refresh tokens are); shown once, at creation.</summary>
    public required string EncryptedSecret { get; set; }
    public bool Enabled { get; set; } = true;
    public int? CreatedByAccountId { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The last change delivered (or given up); a new webhook starts at the newest change, so it posts only what comes after.</summary>
    public long LastEventId { get; set; }
    /// <summary>Failed posts of the current event.</summary>
    public int Attempts { get; set; }
    /// <summary>When the relay may post next: after a failure, the backoff; while a post is under way, its claim.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastDeliveryAt { get; set; }
    /// <summary>The receiver's status code of the last post; null when it gave none (see <see cref="LastError"/>).</summary>
    public int? LastStatus { get; set; }
    /// <summary>Why the last post failed, for the page; null after a success.</summary>
    public string? LastError { get; set; }
    /// <summary>The error in every UI language (<see cref="Localization.Translations"/> as JSON); null on older rows.</summary>
    public string? LastErrorTexts { get; set; }
    /// <summary>Events given up after the last attempt, over the webhook's life.</summary>
    public int AbandonedEvents { get; set; }
    public int Version { get; set; }
}
