namespace StandingsManager.App.Demo.Esi;

/// <summary>
/// ESI's legacy error limit: at most 100 non-2xx/3xx responses per fixed 60-second window, then 420 on
/// every route until the window ends. ESI counts per client; the simulator has one client (the app),
/// so one window is shared.
/// </summary>
public sealed class DemoEsiErrorLimiter(TimeProvider time)
{
    public const int MaxErrors = 100;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private long _windowIndex = -1;
    private int _errors;

    public sealed record Snapshot(int Remain, int ResetSeconds, bool Exhausted);

    public Snapshot Current()
    {
        lock (_gate)
        {
            Roll();
            return Make();
        }
    }

    /// <summary>Counts a response; only 4xx and 5xx use up the budget.</summary>
    public Snapshot Record(int statusCode)
    {
        lock (_gate)
        {
            Roll();
            if (statusCode >= 400 && _errors < MaxErrors)
                _errors++;
            return Make();
        }
    }

    // Windows are aligned to whole minutes of the clock, so Reset is "seconds until this minute is over".
    private void Roll()
    {
        var index = time.GetUtcNow().ToUnixTimeMilliseconds() / (long)Window.TotalMilliseconds;
        if (index != _windowIndex)
        {
            _windowIndex = index;
            _errors = 0;
        }
    }

    private Snapshot Make()
    {
        var windowEnd = DateTimeOffset.FromUnixTimeMilliseconds((_windowIndex + 1) * (long)Window.TotalMilliseconds);
        var reset = (int)Math.Ceiling((windowEnd - time.GetUtcNow()).TotalSeconds);
        return new Snapshot(MaxErrors - _errors, Math.Max(reset, 0), _errors >= MaxErrors);
    }
}

/// <summary>
/// ESI's bucket rate limit (from 2025-10-13): one bucket per (group, user), a floating window in which
/// spent tokens come back one window after they were spent. Costs: 2xx 2, 3xx 1, 4xx 5 (429 free), 5xx 0.
/// </summary>
public sealed class DemoEsiBucketLimiter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<(DateTimeOffset At, int Cost)>> _spent = [];

    public sealed record Group(string Name, int MaxTokens, TimeSpan WindowSize)
    {
        /// <summary>ESI's X-Ratelimit-Limit format, e.g. <c>600/15m</c>.</summary>
        public string LimitHeader => WindowSize.TotalHours >= 1 && WindowSize.TotalHours % 1 == 0 ? $"{MaxTokens}/{WindowSize.TotalHours}h" : $"{MaxTokens}/{WindowSize.TotalMinutes}m";
    }

    public static readonly Group CharSocial = new("char-social", 600, TimeSpan.FromMinutes(15));
    public static readonly Group CorpSocial = new("corp-social", 300, TimeSpan.FromMinutes(15));
    public static readonly Group AllianceSocial = new("alliance-social", 300, TimeSpan.FromMinutes(15));
    public static readonly Group Status = new("status", 600, TimeSpan.FromMinutes(15));
    /// <summary>The public war and killmail routes, per source address.</summary>
    public static readonly Group Killmail = new("killmail", 3_600, TimeSpan.FromMinutes(15));

    public sealed record Snapshot(int Remaining, int Used);

    public static int Cost(int statusCode) => statusCode switch
    {
        429 => 0,
        >= 200 and < 300 => 2,
        >= 300 and < 400 => 1,
        >= 400 and < 500 => 5,
        _ => 0,
    };

    /// <summary>Null when the bucket has tokens left; otherwise how long until the oldest spend comes back.</summary>
    public TimeSpan? RetryAfter(Group group, string user)
    {
        lock (_gate)
        {
            var spent = Spent(group, user);
            if (spent.Sum(s => s.Cost) < group.MaxTokens)
                return null;
            var wait = spent.Peek().At + group.WindowSize - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        }
    }

    public Snapshot Charge(Group group, string user, int statusCode)
    {
        lock (_gate)
        {
            var spent = Spent(group, user);
            var cost = Cost(statusCode);
            if (cost > 0)
                spent.Enqueue((time.GetUtcNow(), cost));
            return new Snapshot(Math.Max(group.MaxTokens - spent.Sum(s => s.Cost), 0), cost);
        }
    }

    public int Remaining(Group group, string user)
    {
        lock (_gate)
            return Math.Max(group.MaxTokens - Spent(group, user).Sum(s => s.Cost), 0);
    }

    private Queue<(DateTimeOffset At, int Cost)> Spent(Group group, string user)
    {
        var key = $"{group.Name}|{user}";
        if (!_spent.TryGetValue(key, out var spent))
            _spent[key] = spent = new Queue<(DateTimeOffset, int)>();
        var cutoff = time.GetUtcNow() - group.WindowSize;
        while (spent.Count > 0 && spent.Peek().At <= cutoff)
            spent.Dequeue();
        return spent;
    }
}
