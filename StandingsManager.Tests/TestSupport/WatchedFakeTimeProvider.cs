using Microsoft.Extensions.Time.Testing;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// A fake clock that knows when each of its timers is next due. A test can then move time to exactly the next
/// wake-up the code under test is waiting for, instead of stepping blindly while real work (an HTTP round trip,
/// a first-call JIT on a slow machine) is still under way.
/// </summary>
public sealed class WatchedFakeTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _lock = new();
    // Held while time moves and while a timer is set: a timer's due time and the one this clock tracks for it are read
    // from the same moment. Moved in between, the tracked time was early, the test moved time to it, and the timer never
    // fired: the clock waited on a time it had already reached. Recursive: a timer's callback may set another timer.
    private readonly Lock _moving = new();

    /// <summary>Moves time on; never while a timer is being set.</summary>
    public new void Advance(TimeSpan delta)
    {
        lock (_moving)
            base.Advance(delta);
    }

    public new void SetUtcNow(DateTimeOffset value)
    {
        lock (_moving)
            base.SetUtcNow(value);
    }
    private readonly Dictionary<WatchedTimer, DateTimeOffset> _due = [];

    /// <summary>The earliest moment one of this clock's timers is due, or null when none is waiting.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock)
                return _due.Count == 0 ? null : _due.Values.Min();
        }
    }

    /// <summary>How many of this clock's timers are waiting: several loops on one clock are all asleep when it reaches their count.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
                return _due.Count;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this);
        lock (_moving)
        {
            // Scheduled before the real timer exists: a zero due time fires inside base.CreateTimer.
            timer.Schedule(dueTime, period);
            timer.Inner = base.CreateTimer(s =>
            {
                timer.Fired();
                callback(s);
            }, state, dueTime, period);
        }
        return timer;
    }

    private void Track(WatchedTimer timer, DateTimeOffset? due)
    {
        lock (_lock)
        {
            if (due is { } at)
                _due[timer] = at;
            else
                _due.Remove(timer);
        }
    }

    private sealed class WatchedTimer(WatchedFakeTimeProvider clock) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private DateTimeOffset? _due;

        public ITimer? Inner { get; set; }

        public void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            Track(dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime);
        }

        // A periodic timer is next due one period after the moment it was due, not after the moment an Advance ended.
        public void Fired() =>
            Track(_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : (_due ?? clock.GetUtcNow()) + _period);

        private void Track(DateTimeOffset? due)
        {
            _due = due;
            clock.Track(this, due);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._moving)
            {
                Schedule(dueTime, period);
                return Inner?.Change(dueTime, period) ?? false;
            }
        }

        public void Dispose()
        {
            Track(null);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Track(null);
            return Inner?.DisposeAsync() ?? ValueTask.CompletedTask;
        }
    }
}
