using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Eve.Esi;

/// <summary>A rate-limit bucket: ESI counts tokens per (group, character) for authenticated routes; public routes use character 0.</summary>
public readonly record struct EsiBucketKey(string Group, long CharacterId);

public enum EsiGateStatus
{
    Open,
    /// <summary>EVE's daily downtime: no call goes out until it ends.</summary>
    Downtime,
    /// <summary>ESI's error budget ran low: every call waits for its window to reset.</summary>
    ErrorBudgetPaused,
}

/// <param name="ErrorLimitRemain">The last <c>X-ESI-Error-Limit-Remain</c> seen, if any response carried one.</param>
public sealed record EsiGateState(EsiGateStatus Status, DateTimeOffset? Until, int? ErrorLimitRemain);

/// <summary>
/// Decides when the next ESI call may go out: the global error budget, per-bucket rate limits and the daily
/// downtime. Every call waits here first and reports its response afterwards. Waiting, not failing, keeps the
/// sync engine simple and keeps us from burning error budget, which is what gets applications banned.
/// </summary>
public sealed class EsiGate(TimeProvider time, IOptions<EsiClientOptions> options, ILogger<EsiGate> logger)
{
    // Buckets are per character, and characters come and go: spent state is swept out now and then so the map stays small.
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<EsiBucketKey, BucketState> _buckets = [];
    private DateTimeOffset _errorPauseUntil = DateTimeOffset.MinValue;
    private int? _lastErrorLimitRemain;
    // Responses seen per (route group, status), for the metrics: a handful of groups times a handful of statuses.
    private readonly Dictionary<(string Group, int Status), long> _responses = [];
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    private EsiClientOptions Options => options.Value;

    /// <summary>When the error-budget pause ends, or null if calls may run.</summary>
    public DateTimeOffset? ErrorBudgetPausedUntil
    {
        get
        {
            lock (_lock)
                return _errorPauseUntil > time.GetUtcNow() ? _errorPauseUntil : null;
        }
    }

    /// <summary>The earliest time a call in <paramref name="bucket"/> may go out (now if it may go now).</summary>
    public DateTimeOffset NextAllowedAt(EsiBucketKey bucket)
    {
        var now = time.GetUtcNow();
        lock (_lock)
            return Max(now, Blocker(bucket, now));
    }

    private static readonly AsyncLocal<TimeSpan?> WaitLimit = new();

    /// <summary>
    /// Until disposed, a call in this flow that would wait longer than <paramref name="limit"/> (downtime, the error
    /// budget, a slowed bucket) fails at once with a retryable <see cref="EsiException"/> instead: for a caller who owes
    /// someone an answer now (an API look-up), "try again at…" beats an answer twenty minutes late.
    /// </summary>
    public static IDisposable WaitNoLongerThan(TimeSpan limit)
    {
        var previous = WaitLimit.Value;
        WaitLimit.Value = limit;
        return new WaitLimitScope(previous);
    }

    private sealed class WaitLimitScope(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => WaitLimit.Value = previous;
    }

    /// <summary>Waits until a call in <paramref name="bucket"/> may go out. Cancellable; throws for limits only inside <see cref="WaitNoLongerThan"/>.</summary>
    public async Task WaitAsync(EsiBucketKey bucket, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var now = time.GetUtcNow();
            DateTimeOffset until;
            lock (_lock)
            {
                until = Blocker(bucket, now);
                if (until <= now)
                {
                    // Reserve the slot so concurrent callers in a slowed-down bucket are spaced, not released together.
                    if (_buckets.TryGetValue(bucket, out var state) && state.Spacing > TimeSpan.Zero)
                        state.NextAllowed = now + state.Spacing;
                    return;
                }
            }
            if (WaitLimit.Value is { } limit && until - now > limit)
                throw new EsiException(bucket.Group, null, null, isRetryable: true,
                    string.Create(CultureInfo.InvariantCulture, $"ESI calls in {bucket.Group} wait until {until:O} (EVE's downtime or the error budget); not waiting that long."));
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("ESI calls in {Group} for {CharacterId} wait until {Until:O}", bucket.Group, bucket.CharacterId, until);
            await Task.Delay(until - now, time, ct);
        }
    }

    /// <summary>Feeds a response's limit headers and status back into the gate.</summary>
    public void Observe(EsiBucketKey bucket, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var now = time.GetUtcNow();
        var status = (int)response.StatusCode;
        var remain = HeaderInt(response, "X-ESI-Error-Limit-Remain");
        var reset = HeaderInt(response, "X-ESI-Error-Limit-Reset");
        lock (_lock)
        {
            _responses[(bucket.Group, status)] = _responses.GetValueOrDefault((bucket.Group, status)) + 1;
            if (remain is not null)
                _lastErrorLimitRemain = remain;
            if (status == 420 || (remain is { } r && r <= Options.ErrorLimitThreshold))
            {
                var pause = reset is { } s ? TimeSpan.FromSeconds(Math.Max(s, 0)) : Options.DefaultErrorLimitPause;
                var until = now + pause + Options.ErrorLimitMargin;
                if (until > _errorPauseUntil)
                {
                    _errorPauseUntil = until;
                    logger.LogWarning("ESI error budget low (status {Status}, remain {Remain}); pausing all calls until {Until:O}", status, remain, until);
                }
            }

            PruneSpentBuckets(now);
            var state = BucketFor(bucket);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfter(response, now) ?? Options.DefaultRetryAfter;
                state.PausedUntil = Max(state.PausedUntil, now + wait);
                logger.LogWarning("ESI rate limit hit in {Group} for {CharacterId}; that bucket waits until {Until:O}", bucket.Group, bucket.CharacterId, state.PausedUntil);
            }

            var remaining = HeaderInt(response, "X-Ratelimit-Remaining");
            var limit = ParseLimit(HeaderValue(response, "X-Ratelimit-Limit"));
            if (remaining is { } left && limit is { Tokens: > 0 } l)
            {
                // Tokens come back one window after they were spent, so spreading the rest over a window never runs dry.
                state.Spacing = left <= l.Tokens * Options.LowBucketFraction
                    ? TimeSpan.FromTicks(Math.Min(l.Window.Ticks, l.Window.Ticks / Math.Max(left, 1)))
                    : TimeSpan.Zero;
                // A window after this answer every token it counted is back, so the spacing means nothing any more.
                state.SpacingUntil = state.Spacing > TimeSpan.Zero ? now + l.Window : DateTimeOffset.MinValue;
                if (state.Spacing > TimeSpan.Zero)
                    state.NextAllowed = Max(state.NextAllowed, now + state.Spacing);
            }
        }
    }

    /// <summary>What blocks every call right now (downtime, the error budget), for the health check: no bucket, no character.</summary>
    public EsiGateState State()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var downtimeEnd = DowntimeEnd(now);
            if (_errorPauseUntil > now && _errorPauseUntil >= downtimeEnd)
                return new EsiGateState(EsiGateStatus.ErrorBudgetPaused, _errorPauseUntil, _lastErrorLimitRemain);
            if (downtimeEnd > now)
                return new EsiGateState(EsiGateStatus.Downtime, downtimeEnd, _lastErrorLimitRemain);
            return new EsiGateState(EsiGateStatus.Open, null, _lastErrorLimitRemain);
        }
    }

    /// <summary>Every response seen since start, per route group and HTTP status.</summary>
    public IReadOnlyList<(string Group, int Status, long Count)> ResponseCounts()
    {
        lock (_lock)
            return [.. _responses.Select(r => (r.Key.Group, r.Key.Status, r.Value))];
    }

    // Caller holds the lock.
    private DateTimeOffset Blocker(EsiBucketKey bucket, DateTimeOffset now)
    {
        var until = Max(_errorPauseUntil, DowntimeEnd(now));
        if (_buckets.TryGetValue(bucket, out var state))
            until = Max(until, Max(state.PausedUntil, state.NextAllowed));
        return until;
    }

    /// <summary>The end of the downtime window containing <paramref name="now"/>, or <see cref="DateTimeOffset.MinValue"/> outside it.</summary>
    private DateTimeOffset DowntimeEnd(DateTimeOffset now)
    {
        var (start, end) = (Options.DowntimeStart, Options.DowntimeEnd);
        if (start == end)
            return DateTimeOffset.MinValue;
        var utc = now.ToUniversalTime();
        var day = new DateTimeOffset(utc.Date, TimeSpan.Zero);
        var tod = utc.TimeOfDay;
        if (start < end)
            return tod >= start && tod < end ? day + end : DateTimeOffset.MinValue;
        // The window wraps midnight.
        if (tod >= start)
            return day.AddDays(1) + end;
        return tod < end ? day + end : DateTimeOffset.MinValue;
    }

    /// <summary>How many buckets the gate remembers; for tests of its memory.</summary>
    internal int TrackedBuckets
    {
        get
        {
            lock (_lock)
                return _buckets.Count;
        }
    }

    // Caller holds the lock. A bucket with no pause, reservation or spacing left blocks nothing: forgetting it changes no decision.
    private void PruneSpentBuckets(DateTimeOffset now)
    {
        if (now < _nextPrune)
            return;
        _nextPrune = now + PruneInterval;
        foreach (var (key, state) in _buckets)
        {
            if (state.PausedUntil <= now && state.NextAllowed <= now && state.SpacingUntil <= now)
                _buckets.Remove(key);
        }
    }

    private BucketState BucketFor(EsiBucketKey key)
    {
        if (!_buckets.TryGetValue(key, out var state))
            _buckets[key] = state = new BucketState();
        return state;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
            return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static int? HeaderInt(HttpResponseMessage response, string name) =>
        int.TryParse(HeaderValue(response, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Parses ESI's <c>X-Ratelimit-Limit</c>, e.g. <c>600/15m</c> or <c>150/1h</c>.</summary>
    internal static (int Tokens, TimeSpan Window)? ParseLimit(string? value)
    {
        var parts = value?.Split('/', 2);
        if (parts is not [var tokens, var window] || window.Length < 2
            || !int.TryParse(tokens, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
            || !int.TryParse(window.AsSpan(0, window.Length - 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var amount))
            return null;
        return window[^1] switch
        {
            's' => (count, TimeSpan.FromSeconds(amount)),
            'm' => (count, TimeSpan.FromMinutes(amount)),
            'h' => (count, TimeSpan.FromHours(amount)),
            _ => null,
        };
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class BucketState
    {
        public DateTimeOffset PausedUntil = DateTimeOffset.MinValue;
        public DateTimeOffset NextAllowed = DateTimeOffset.MinValue;
        public TimeSpan Spacing;
        public DateTimeOffset SpacingUntil = DateTimeOffset.MinValue;
    }
}
