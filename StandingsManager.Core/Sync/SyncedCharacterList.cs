namespace StandingsManager.Core.Sync;

/// <summary>How one list fares on one character.</summary>
public enum SyncListStatus
{
    /// <summary>Not synced yet since the list reached the character.</summary>
    Pending = 0,
    Ok = 1,
    /// <summary>The character lacks the list's label: its contacts are kept as they are and nothing else is written for it.</summary>
    LabelMissing = 2,
    /// <summary>The member switched the list off for this character: its contacts are removed.</summary>
    Off = 3,
    /// <summary>The list's audience no longer reaches the character's owner.</summary>
    NotInAudience = 4,
}

/// <summary>
/// One list on one synced character: the member's switch (no row means on: every list the audience allows), the list's
/// own status, and its label id as last read (used when the labels read answers 304).
/// </summary>
public sealed class SyncedCharacterList
{
    public long CharacterId { get; set; }
    public int ListId { get; set; }
    public bool Enabled { get; set; } = true;
    public SyncListStatus Status { get; set; }
    public string? Message { get; set; }
    public long? LabelId { get; set; }
}
