using Microsoft.Extensions.Logging;

namespace StandingsManager.Core;

/// <summary>
/// In-process publish/subscribe: services publish after they commit, open pages (and the hub) subscribe. One failing
/// subscriber (a closed circuit, say) never stops the others or the publisher.
/// </summary>
public abstract class InProcessNotifier<T>(ILogger logger)
{
    private readonly Lock _gate = new();
    // Copied on write, so publishing reads it without a lock.
    private Func<T, Task>[] _subscribers = [];

    public IDisposable Subscribe(Func<T, Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
            _subscribers = [.. _subscribers, callback];
        return new Subscription(this, callback);
    }

    public async Task PublishAsync(T change)
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
                logger.LogWarning(ex, "A subscriber to {Change} failed", typeof(T).Name);
            }
        }));
    }

    private void Unsubscribe(Func<T, Task> callback)
    {
        lock (_gate)
            _subscribers = [.. _subscribers.Where(s => s != callback)];
    }

    private sealed class Subscription(InProcessNotifier<T> owner, Func<T, Task> callback) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(callback);
    }
}
