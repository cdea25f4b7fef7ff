using System.Globalization;
using Microsoft.Extensions.Logging;

namespace StandingsManager.Core;

/// <summary>
/// In-process publish/subscribe: services publish after they commit, open pages (and the hub) subscribe. One failing
/// subscriber (a closed circuit, say) never stops the others or the publisher. With several instances a bridge
/// (<see cref="LiveEvents.PostgreSqlEventBridge"/>) forwards what is published here to the others and hands in theirs
/// through <see cref="ReceiveAsync"/>, so subscribers hear the events of every instance.
/// </summary>
public abstract class InProcessNotifier<T>(ILogger logger)
{
    private readonly Lock _gate = new();
    // Copied on write, so publishing reads it without a lock.
    private Subscriber[] _subscribers = [];
    private Func<T, Task>? _forward;

    /// <summary>Hears every change, whichever instance published it: what open pages and the hub want.</summary>
    public IDisposable Subscribe(Func<T, Task> callback) => Add(callback, localOnly: false);

    /// <summary>
    /// Hears only changes published in this process: for work the publishing instance does itself (making characters due,
    /// counting metrics), which another instance must not repeat.
    /// </summary>
    public IDisposable SubscribeLocalOnly(Func<T, Task> callback) => Add(callback, localOnly: true);

    public async Task PublishAsync(T change)
    {
        Observe(change);
        await ForwardAsync(change);
        await DeliverAsync(change, remote: false);
    }

    /// <summary>Tells the other instances only; this process's subscribers do not hear it (nothing happens with one instance).</summary>
    protected async Task ForwardAsync(T change)
    {
        if (Volatile.Read(ref _forward) is { } forward)
        {
            try
            {
                await forward(change);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not pass a {Change} on to the other instances", typeof(T).Name);
            }
        }
    }

    /// <summary>A change another instance published: this process's subscribers hear it; it is not forwarded again.</summary>
    public Task ReceiveAsync(T change)
    {
        Observe(change);
        return DeliverAsync(change, remote: true);
    }

    /// <summary>Sends every change published here to the other instances as well; one forwarder at a time.</summary>
    public IDisposable ForwardTo(Func<T, Task> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        if (Interlocked.CompareExchange(ref _forward, forward, null) is not null)
            throw new InvalidOperationException($"{GetType().Name} already forwards its changes.");
        return new Forwarding(this, forward);
    }

    /// <summary>Runs for every change, local or remote, before the subscribers hear it.</summary>
    protected virtual void Observe(T change)
    {
    }

    private Subscription Add(Func<T, Task> callback, bool localOnly)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var subscriber = new Subscriber(callback, localOnly, CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        lock (_gate)
            _subscribers = [.. _subscribers, subscriber];
        return new Subscription(this, subscriber);
    }

    private async Task DeliverAsync(T change, bool remote)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        if (subscribers.Length == 0)
            return;
        await Task.WhenAll(subscribers.Where(s => !(remote && s.LocalOnly)).Select(async s =>
        {
            try
            {
                // The subscriber hears it in its own language (a page's circuit's), not the publisher's (a background
                // worker's): what a page renders after marshalling the change stays in its reader's language.
                CultureInfo.CurrentCulture = s.Culture;
                CultureInfo.CurrentUICulture = s.UiCulture;
                await s.Callback(change);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A subscriber to {Change} failed", typeof(T).Name);
            }
        }));
    }

    private void Unsubscribe(Subscriber subscriber)
    {
        lock (_gate)
            _subscribers = [.. _subscribers.Where(s => s != subscriber)];
    }

    private sealed record Subscriber(Func<T, Task> Callback, bool LocalOnly, CultureInfo Culture, CultureInfo UiCulture);

    private sealed class Subscription(InProcessNotifier<T> owner, Subscriber subscriber) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(subscriber);
    }

    private sealed class Forwarding(InProcessNotifier<T> owner, Func<T, Task> forward) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref owner._forward, null, forward);
    }
}
