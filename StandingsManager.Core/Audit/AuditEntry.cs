using StandingsManager.Core.Eve;

namespace StandingsManager.Core.Audit;

/// <summary>
/// Append-only record of a change. Names are copied in at the time, and no foreign key ties a
/// row to users or entries, so rows outlive whatever they describe.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public AuditAction Action { get; set; }
    public int? ActorAccountId { get; set; }
    public required string ActorName { get; set; }
    public long? SubjectId { get; set; }
    public EntityType? SubjectType { get; set; }
    public string? SubjectName { get; set; }
    public double? Standing { get; set; }
    /// <summary>In English: what the API and the CSV export serve.</summary>
    public string? Details { get; set; }
    /// <summary>The details in every UI language (<see cref="Localization.Translations"/> as JSON); null when they are a person's own words or the row is older.</summary>
    public string? DetailsTexts { get; set; }
    /// <summary>The list the change concerns, if any: no foreign key, so the row outlives a deleted list.</summary>
    public int? ListId { get; set; }

    /// <summary>The details in the reader's language (the current UI culture).</summary>
    public string? ShownDetails => Localization.Translations.Show(Details, DetailsTexts);
}

public enum AuditAction
{
    RequestCreated = 0,
    RequestCancelled = 1,
    RequestApproved = 2,
    RequestRejected = 3,
    RevocationCreated = 4,
    RevocationCancelled = 5,
    RevocationApproved = 6,
    RevocationRejected = 7,
    EntryAdded = 8,
    EntryEdited = 9,
    EntryRemoved = 10,
    RoleGranted = 11,
    RoleRevoked = 12,
    CharacterTransferred = 13,
    SyncDisabled = 14,
    SyncEnabled = 15,
    SyncRemoved = 16,
    AccountDeactivated = 17,
    AccountReactivated = 18,
    ListCreated = 19,
    ListEdited = 20,
    ListDisabled = 21,
    ListEnabled = 22,
    ListDeleted = 23,
    /// <summary>A list's source stopped (lost grant or roles): the list keeps its last content.</summary>
    ListSourceStopped = 24,
    ListSourceResumed = 25,
    /// <summary>A member switched one list off or on for one of their synced characters.</summary>
    SyncListDisabled = 26,
    SyncListEnabled = 27,
    ApiKeyCreated = 28,
    ApiKeyRevoked = 29,
    /// <summary>A program presented a revoked API key: refused, and written down so the administrators see who still uses it.</summary>
    ApiKeyUsedAfterRevoke = 30,
    // Numbered apart from the other issue-15 actions, so branches merge without renumbering.
    WebhookCreated = 40,
    WebhookEdited = 41,
    WebhookDeleted = 42,
}
