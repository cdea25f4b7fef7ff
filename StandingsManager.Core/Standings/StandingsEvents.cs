using Microsoft.Extensions.Logging;

namespace StandingsManager.Core.Standings;

public enum StandingsChangeKind
{
    Requests,
    Revocations,
    Entries,
}

public sealed record StandingsChange(StandingsChangeKind Kind);

/// <summary>
/// In-process notifier: workflows publish after they commit, open pages subscribe and refresh. One
/// failing subscriber (a closed circuit, say) never stops the others or the caller.
/// </summary>
public sealed class StandingsEvents(ILogger<StandingsEvents> logger)
{
    private readonly Lock _gate = new();
    private readonly List<Func<StandingsChange, Task>> _subscribers = [];

    public IDisposable Subscribe(Func<StandingsChange, Task> callback)
    {
        lock (_gate)
            _subscribers.Add(callback);
        return new Subscription(this, callback);
    }

    public async Task PublishAsync(StandingsChange change)
    {
        Func<StandingsChange, Task>[] subscribers;
        lock (_gate)
            subscribers = [.. _subscribers];
        await Task.WhenAll(subscribers.Select(async s =>
        {
            try
            {
                await s(change);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A subscriber to standings changes failed");
            }
        }));
    }

    private void Unsubscribe(Func<StandingsChange, Task> callback)
    {
        lock (_gate)
            _subscribers.Remove(callback);
    }

    private sealed class Subscription(StandingsEvents owner, Func<StandingsChange, Task> callback) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(callback);
    }
}
