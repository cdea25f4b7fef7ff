using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Core.Lists;

/// <summary>
/// Paces the war scan by the killmail bucket's <c>X-Ratelimit-*</c> headers so it never runs the bucket dry: the bucket is a
/// floating window (tokens come back one window after they were spent), so the pacer remembers what it spent and, once the
/// bucket is down to its reserve, waits for the oldest spend to come back. The organisation's own wars may dip into part of
/// the reserve, so a war of ours is re-read at once even while a cold scan holds the bucket at its reserve.
/// </summary>
public sealed class WarScanPacer
{
    /// <summary>Kept free for everyone else on the same address (and above the ESI gate's own low-bucket slow-down).</summary>
    public const double ReserveFraction = 0.25;
    /// <summary>What the organisation's own wars leave untouched.</summary>
    public const double UrgentReserveFraction = 0.15;
    /// <summary>What a call costs at most when it succeeds (a 2xx); a 304 costs 1.</summary>
    public const int CallCost = 2;

    private readonly Queue<(DateTimeOffset At, int Cost)> _spent = new();
    private EsiRateLimit? _last;
    private DateTimeOffset _lastAt;

    /// <summary>The fewest tokens any answer reported left, for the bench; null before the first answer.</summary>
    public int? LowestRemaining { get; private set; }

    /// <summary>Records an answer's rate-limit headers (none on a failed transport).</summary>
    public void Observe(EsiRateLimit? limit, DateTimeOffset now)
    {
        if (limit is null)
            return;
        _last = limit;
        _lastAt = now;
        if (limit.Used > 0)
            _spent.Enqueue((now, limit.Used));
        LowestRemaining = LowestRemaining is { } low ? Math.Min(low, limit.Remaining) : limit.Remaining;
    }

    /// <summary>When the next call may go out without taking the bucket below its reserve (<paramref name="now"/> if at once).</summary>
    public DateTimeOffset NextCallAt(DateTimeOffset now, bool urgent)
    {
        if (_last is not { } last)
            return now;
        var window = last.Window;
        // Spends back before the last answer are already in its Remaining.
        while (_spent.Count > 0 && _spent.Peek().At + window <= _lastAt)
            _spent.Dequeue();
        var reserve = (int)Math.Ceiling(last.MaxTokens * (urgent ? UrgentReserveFraction : ReserveFraction));
        // Tokens spent up to the last answer come back a window after each spend.
        var available = last.Remaining + _spent.TakeWhile(s => s.At + window <= now).Sum(s => s.Cost);
        if (available - CallCost >= reserve)
            return now;
        var needed = reserve + CallCost - last.Remaining;
        foreach (var (at, cost) in _spent)
        {
            needed -= cost;
            if (needed <= 0)
                return at + window > now ? at + window : now;
        }
        // Spends this process did not see (a restart, another client on the address): all of them are back a window after the last answer.
        return _lastAt + window > now ? _lastAt + window : now;
    }
}
