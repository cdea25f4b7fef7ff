namespace StandingsManager.Core.Eve.Esi;

/// <summary>Tuning for the ESI gate and retries. Defaults follow CCP's guidance in shared/esi/REFERENCE.md §3 and §7.</summary>
public sealed class EsiClientOptions
{
    /// <summary>Stop all calls when <c>X-ESI-Error-Limit-Remain</c> drops to this, well before ESI answers 420 to everything.</summary>
    public int ErrorLimitThreshold { get; set; } = 10;
    /// <summary>Added to every error-window reset, because ESI's reset is in whole seconds and clocks drift.</summary>
    public TimeSpan ErrorLimitMargin { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Pause after a 420 that carries no reset header: the error window is 60 s.</summary>
    public TimeSpan DefaultErrorLimitPause { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Wait after a 429 without <c>Retry-After</c>.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Below this share of a bucket's tokens, calls in that bucket are spaced out instead of running at the limit.</summary>
    public double LowBucketFraction { get; set; } = 0.1;

    /// <summary>Daily Tranquility downtime (UTC time of day) during which no call is made; ESI only answers 503/504 then, and those cost error budget.</summary>
    public TimeSpan DowntimeStart { get; set; } = new(10, 58, 0);
    public TimeSpan DowntimeEnd { get; set; } = new(11, 20, 0);

    /// <summary>Retries after the first attempt, for 502/503/504 and transport failures only.</summary>
    public int MaxRetryAttempts { get; set; } = 2;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
