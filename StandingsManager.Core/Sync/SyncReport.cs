using StandingsManager.Core.Eve;

namespace StandingsManager.Core.Sync;

public enum SyncMode
{
    /// <summary>Bring the character's contacts in line with the standings list.</summary>
    Sync,
    /// <summary>The same plan as <see cref="Sync"/>, listed by name, with no write.</summary>
    DryRun,
    /// <summary>Leaving sync: remove every managed contact and restore overridden personal ones.</summary>
    Unsync,
}

public enum SyncChangeKind
{
    Add,
    Update,
    Remove,
    /// <summary>An overridden personal contact given back its own standing (PersonalContacts = Override).</summary>
    Restore,
    /// <summary>A personal contact with the same id as an entry, left alone (PersonalContacts = Preserve).</summary>
    Collision,
    /// <summary>An entry that did not fit under EVE's 1,024-contact cap.</summary>
    Capped,
    /// <summary>An add EVE did not report as created.</summary>
    Refused,
}

/// <summary>One change a sync made, or would make, named for people.</summary>
public sealed record SyncChange(SyncChangeKind Kind, long ContactId, EntityType? ContactType, string Name, double? From = null, double? To = null);

/// <summary>What one sync (or dry run) of one character did, for the run record, the status and the pages.</summary>
public sealed record SyncReport(
    long CharacterId,
    SyncMode Mode,
    SyncStatus Outcome,
    string Message,
    int Added,
    int Updated,
    int Removed,
    int Collisions,
    int Capped,
    int Refused,
    int EsiCalls,
    TimeSpan Duration,
    IReadOnlyList<SyncChange> Changes,
    /// <summary>True when both conditional reads answered 304 and the desired set was unchanged: nothing to plan.</summary>
    bool Unchanged = false);
