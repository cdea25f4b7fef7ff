using System.Globalization;
using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Eve.Esi;

/// <summary>
/// The operator's <c>Esi</c> settings: tuning for the ESI gate and retries. Defaults follow CCP's guidance in
/// docs/esi-notes.md §6. Validated at start-up by <see cref="EsiClientOptionsValidator"/>.
/// </summary>
public sealed class EsiClientOptions
{
    public const string SectionName = "Esi";

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

/// <summary>Reports every problem at once, one message each, like the other settings validators.</summary>
public sealed class EsiClientOptionsValidator : IValidateOptions<EsiClientOptions>
{
    public ValidateOptionsResult Validate(string? name, EsiClientOptions options)
    {
        var problems = new List<string>();
        const string s = EsiClientOptions.SectionName;
        // ESI allows 100 errors per window, so at 100 every call would pause everything.
        if (options.ErrorLimitThreshold is < 0 or > 99)
            problems.Add($"{s}:ErrorLimitThreshold must be between 0 and 99; it is {options.ErrorLimitThreshold}.");
        CheckDuration(options.ErrorLimitMargin, "ErrorLimitMargin", TimeSpan.Zero, TimeSpan.FromMinutes(1), problems);
        CheckDuration(options.DefaultErrorLimitPause, "DefaultErrorLimitPause", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), problems);
        CheckDuration(options.DefaultRetryAfter, "DefaultRetryAfter", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), problems);
        if (!double.IsFinite(options.LowBucketFraction) || options.LowBucketFraction is < 0 or >= 1)
            problems.Add(FormattableString.Invariant($"{s}:LowBucketFraction must be at least 0 and below 1; it is {options.LowBucketFraction}."));
        CheckTimeOfDay(options.DowntimeStart, "DowntimeStart", problems);
        CheckTimeOfDay(options.DowntimeEnd, "DowntimeEnd", problems);
        // The retry strategy needs at least one attempt; more than a few only burns error budget.
        if (options.MaxRetryAttempts is < 1 or > 10)
            problems.Add($"{s}:MaxRetryAttempts must be between 1 and 10; it is {options.MaxRetryAttempts}.");
        CheckDuration(options.RetryBaseDelay, "RetryBaseDelay", TimeSpan.Zero, TimeSpan.FromMinutes(1), problems);
        CheckDuration(options.AttemptTimeout, "AttemptTimeout", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckDuration(TimeSpan value, string key, TimeSpan min, TimeSpan max, List<string> problems)
    {
        if (value < min || value > max)
            problems.Add($"{EsiClientOptions.SectionName}:{key} must be between {Show(min)} and {Show(max)}; it is {Show(value)}.");
    }

    private static void CheckTimeOfDay(TimeSpan value, string key, List<string> problems)
    {
        if (value < TimeSpan.Zero || value >= TimeSpan.FromDays(1))
            problems.Add($"{EsiClientOptions.SectionName}:{key} must be a UTC time of day from 00:00:00 to 23:59:59; it is {Show(value)}.");
    }

    private static string Show(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
