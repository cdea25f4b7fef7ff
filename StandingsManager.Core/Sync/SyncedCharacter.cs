using StandingsManager.Core.Eve;

namespace StandingsManager.Core.Sync;

public enum SyncStatus
{
    Pending = 0,
    Ok = 1,
    Warning = 2,
    Error = 3,
    Disabled = 4,
}

/// <summary>A character whose contacts the app keeps in line with the standings list.</summary>
public sealed class SyncedCharacter
{
    public long CharacterId { get; set; }
    public int AccountId { get; set; }
    public bool Enabled { get; set; } = true;
    public SyncStatus Status { get; set; }
    /// <summary>What the member reads about the last outcome, in English: what code compares (a repeated problem rings no bell).</summary>
    public string? StatusMessage { get; set; }
    /// <summary>The same in every UI language (<see cref="Localization.Translations"/> as JSON), shown in the reader's; null on older rows.</summary>
    public string? StatusTexts { get; set; }

    /// <summary>Sets the status and its message, stored in English and in every language; null clears the message.</summary>
    public void SetStatus(SyncStatus status, Localization.Phrase? message)
    {
        Status = status;
        var texts = message?.Capture(SyncRunRecorder.StatusLength);
        StatusMessage = texts?.English;
        StatusTexts = texts?.ToJson();
    }

    /// <summary>The status message in the reader's language (the current UI culture).</summary>
    public string? ShownStatusMessage => Localization.Translations.Show(StatusMessage, StatusTexts);
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the last sync attempt (of any outcome) finished.</summary>
    public DateTimeOffset? LastSyncAt { get; set; }
    /// <summary>When a sync last brought the contacts in line (OK or Warning): what "stale" is measured from.</summary>
    public DateTimeOffset? LastSuccessAt { get; set; }
    /// <summary>When a long failure of this character's sync was last posted to Discord: once per failure, not per run.</summary>
    public DateTimeOffset? FailureAlertedAt { get; set; }
    public DateTimeOffset? NextSyncAt { get; set; }
    /// <summary>Failed runs since the last one that did not fail: the retry backoff doubles with each (1, 2, 4 … minutes).</summary>
    public int FailedRuns { get; set; }
    /// <summary>When the owner last pressed "Sync now": at most once a minute, so nobody spends a character's ESI budget by clicking.</summary>
    public DateTimeOffset? LastManualSyncAt { get; set; }
    /// <summary>Hash of the desired set the last converged run wrote; with both reads answering 304, an equal hash means nothing to do.</summary>
    public string? LastDesiredHash { get; set; }
    public string? ContactsETag { get; set; }
    public string? LabelsETag { get; set; }
    /// <summary>The id of the organisation label as last read, used when the labels read answers 304.</summary>
    public long? LabelId { get; set; }
    /// <summary>Which instance holds the sync lease, and until when: never two syncs of one character.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}

/// <summary>What the ledger knows of a contact the app wrote (or was about to write) on a character.</summary>
public enum LedgerState
{
    /// <summary>The app wrote this contact with <see cref="ManagedContact.Standing"/>; the write landed.</summary>
    Written = 0,
    /// <summary>An add or update was sent and its answer not yet recorded (a crash leaves this): it may have landed.</summary>
    Writing = 1,
    /// <summary>A delete was sent and its answer not yet recorded: the contact may be gone.</summary>
    Removing = 2,
    /// <summary>The app deleted this contact; kept while ESI's read cache may still show it, then pruned.</summary>
    Removed = 3,
}

/// <summary>The ledger: contacts this app wrote on a character, so labels lost in game do not orphan them.</summary>
public sealed class ManagedContact
{
    public long CharacterId { get; set; }
    public long ContactId { get; set; }
    public EntityType ContactType { get; set; }
    public double Standing { get; set; }
    /// <summary>Space-separated label ids the app wrote on the contact (the organisation label plus any the member keeps).</summary>
    public string LabelIds { get; set; } = "";
    /// <summary>Space-separated ids of the lists the contact was written for (every list that held it).</summary>
    public string ListIds { get; set; } = "";
    public bool Watched { get; set; }
    public LedgerState State { get; set; }
    /// <summary>When the last write (or intent) for this contact was recorded: reads younger than ESI's cache may not show it yet.</summary>
    public DateTimeOffset WrittenAt { get; set; }
    /// <summary>With PersonalContacts = Override: the personal standing to restore when the entry goes.</summary>
    public double? OverriddenPersonalStanding { get; set; }
    /// <summary>With PersonalContacts = Override: the personal contact's labels, restored with its standing.</summary>
    public string? OverriddenPersonalLabelIds { get; set; }
}

public sealed class SyncRun
{
    public long Id { get; set; }
    public long CharacterId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public SyncStatus Outcome { get; set; }
    public bool DryRun { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Removed { get; set; }
    public int Collisions { get; set; }
    public int Capped { get; set; }
    public int Refused { get; set; }
    public int EsiCalls { get; set; }
    public int DurationMs { get; set; }
    /// <summary>What the member reads about this run, in English: the fix for an error, the names refused or capped.</summary>
    public string? Message { get; set; }
    /// <summary>The same in every UI language (<see cref="Localization.Translations"/> as JSON); null on older rows.</summary>
    public string? MessageTexts { get; set; }

    /// <summary>Sets the message, stored in English and in every language.</summary>
    public SyncRun Saying(Localization.Phrase message)
    {
        var texts = message.Capture(SyncRunRecorder.MessageLength);
        Message = texts.English;
        MessageTexts = texts.ToJson();
        return this;
    }
    public string? Error { get; set; }
}
