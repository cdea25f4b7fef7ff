using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Lists;

/// <summary>
/// Wakes a sources' loop early when a list is created or edited, so a new list is read at once instead of at the next tick.
/// One per loop; dispose it with the loop.
/// </summary>
public sealed class ListChangeSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly IDisposable _subscription;

    public ListChangeSignal(StandingsEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _subscription = events.Subscribe(change =>
        {
            if (change.Kind == StandingsChangeKind.Lists)
                Release();
            return Task.CompletedTask;
        });
    }

    /// <summary>Waits until <paramref name="wait"/> has passed on <paramref name="time"/> or a list changed, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan wait, TimeProvider time, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero)
            return;
        using var timeout = new CancellationTokenSource(wait, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await _wake.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The wait is over.
        }
    }

    private void Release()
    {
        lock (_wake)
        {
            if (_wake.CurrentCount == 0)
                _wake.Release();
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _wake.Dispose();
    }
}
