using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Which characters are syncing right now, as the sync events tell it: from Started to Finished. Memory is enough, this
/// is only ever about the present. It listens from host start, before any scheduler runs, so no Started goes unheard.
/// </summary>
public sealed class SyncActivity(SyncEvents events, TimeProvider time) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _running = new();
    private IDisposable? _subscription;

    /// <summary>The characters between Started and Finished.</summary>
    public IReadOnlyCollection<long> Running
    {
        get
        {
            // A sync silent for longer than its lease lasts is over even without a Finished (its process died mid-sync):
            // its lease has expired too, so another run may take the character.
            var deadBefore = time.GetUtcNow() - SyncLeases.Duration;
            foreach (var dead in _running.Where(r => r.Value < deadBefore))
                _running.TryRemove(dead);
            return [.. _running.Keys];
        }
    }

    public bool IsRunning(long characterId) => Running.Contains(characterId);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription ??= events.Subscribe(ObserveAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Interlocked.Exchange(ref _subscription, null)?.Dispose();

    private Task ObserveAsync(SyncEvent change)
    {
        switch (change.Kind)
        {
            // Progress counts as running too: it also tells a sync that began before this process listened.
            case SyncEventKind.Started or SyncEventKind.Progress:
                _running[change.CharacterId] = time.GetUtcNow();
                break;
            case SyncEventKind.Finished:
                _running.TryRemove(change.CharacterId, out _);
                break;
        }
        return Task.CompletedTask;
    }
}
