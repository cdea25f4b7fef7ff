using System.Threading.Channels;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Wakes the scheduler early when characters were made due (sync now, a list change), so it does not wait
/// for its next tick. Several wakes before the scheduler looks count as one.
/// </summary>
public sealed class SyncTrigger
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _signal.Writer.TryWrite(true);

    /// <summary>Waits for a wake, at most <paramref name="timeout"/> on <paramref name="time"/>'s clock. True when woken.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        if (_signal.Reader.TryRead(out _))
            return true;
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, time, timeoutCts.Token);
        var woken = _signal.Reader.WaitToReadAsync(timeoutCts.Token).AsTask();
        await Task.WhenAny(woken, delay);
        await timeoutCts.CancelAsync();
        ct.ThrowIfCancellationRequested();
        return _signal.Reader.TryRead(out _);
    }
}
