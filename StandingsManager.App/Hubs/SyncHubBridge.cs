using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using StandingsManager.Core.Sync;

namespace StandingsManager.App.Hubs;

/// <summary>
/// Forwards every sync event to the hub's clients. The publisher (the sync engine) only drops the event into a bounded
/// queue, so a slow or stuck connection never holds up a sync; when the queue overflows the oldest events go (the newest
/// state matters most) and the loss is logged.
/// </summary>
public sealed class SyncHubBridge(SyncEvents events, IHubContext<SyncHub> hub, ILogger<SyncHubBridge> logger) : BackgroundService
{
    /// <summary>A burst as large as the biggest sync plan fits; beyond that clients would be reading history anyway.</summary>
    public const int Capacity = 10_000;

    private readonly Channel<SyncEvent> _queue = Channel.CreateBounded<SyncEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private IDisposable? _subscription;
    private int _dropped;

    // Subscribed here, not in ExecuteAsync (which .NET 10 starts later on the thread pool), so no event after start-up is lost.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(Enqueue);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    private Task Enqueue(SyncEvent change)
    {
        // DropOldest never refuses a write, so a full queue is the only sign that one is about to go.
        if (_queue.Reader.Count >= Capacity)
            Interlocked.Increment(ref _dropped);
        _queue.Writer.TryWrite(change);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await hub.Clients.All.SendAsync(SyncHub.EventMethod, change, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed send must not stop the feed for the events after it.
                logger.LogWarning(ex, "Could not send a sync event to hub clients");
            }
            if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
                logger.LogWarning("{Count} sync events were not sent to hub clients: they came faster than the hub could send them", dropped);
        }
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }
}
