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
    public string? StatusMessage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSyncAt { get; set; }
    public DateTimeOffset? NextSyncAt { get; set; }
    public string? LastDesiredHash { get; set; }
    public string? ContactsETag { get; set; }
    public string? LabelsETag { get; set; }
    /// <summary>Which instance holds the sync lease, and until when: never two syncs of one character.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}

/// <summary>The ledger: contacts this app wrote on a character, so labels lost in game do not orphan them.</summary>
public sealed class ManagedContact
{
    public long CharacterId { get; set; }
    public long ContactId { get; set; }
    public EntityType ContactType { get; set; }
    public double Standing { get; set; }
    public DateTimeOffset WrittenAt { get; set; }
    /// <summary>With PersonalContacts = Override: the personal standing to restore when the entry goes.</summary>
    public double? OverriddenPersonalStanding { get; set; }
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
    public int EsiCalls { get; set; }
    public string? Error { get; set; }
}
