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

/// <summary>
/// In-process notifier for sync progress: the engine and scheduler publish, pages and the hub subscribe.
/// One failing subscriber (a closed circuit, say) never stops the others or the sync.
/// </summary>
public sealed class SyncEvents(ILogger<SyncEvents> logger)
{
    private readonly Lock _gate = new();
    private Func<SyncEvent, Task>[] _subscribers = [];

    public IDisposable Subscribe(Func<SyncEvent, Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
            _subscribers = [.. _subscribers, callback];
        return new Subscription(this, callback);
    }

    public async Task PublishAsync(SyncEvent change)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        if (subscribers.Length == 0)
            return;
        await Task.WhenAll(subscribers.Select(async s =>
        {
            try
            {
                await s(change);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A subscriber to sync events failed");
            }
        }));
    }

    private void Unsubscribe(Func<SyncEvent, Task> callback)
    {
        lock (_gate)
            _subscribers = [.. _subscribers.Where(s => s != callback)];
    }

    private sealed class Subscription(SyncEvents owner, Func<SyncEvent, Task> callback) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(callback);
    }
}
