using Microsoft.Extensions.Logging;

namespace StandingsManager.Core.Sync;

public enum SyncEventKind
{
    /// <summary>The character was made due (sync now, a list change) and waits for a worker.</summary>
    Queued,
    Started,
    /// <summary>A write call landed; the counts so far are in the event.</summary>
    Progress,
    Finished,
    /// <summary>Added to or removed from sync, enabled or disabled: lists of synced characters should reload.</summary>
    Changed,
}

/// <summary>One step of one character's sync, as open pages and hub clients see it.</summary>
public sealed record SyncEvent(
    SyncEventKind Kind,
    long CharacterId,
    int AccountId,
    SyncStatus Status,
    string? Message = null,
    int Added = 0,
    int Updated = 0,
    int Removed = 0,
    int EsiCalls = 0,
    DateTimeOffset? At = null);

/// <summary>Sync progress: the engine and scheduler publish, pages and the hub subscribe.</summary>
public sealed class SyncEvents(ILogger<SyncEvents> logger) : InProcessNotifier<SyncEvent>(logger);
