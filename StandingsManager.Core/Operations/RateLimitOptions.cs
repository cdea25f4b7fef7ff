using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Operations;

/// <summary>
/// <c>RateLimits</c>: how much anonymous visitors and members can make the app do per <see cref="Window"/>. Anonymous
/// visitors count by IP address, signed-in members by account.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>The fixed window the counts below apply to.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>/healthz</c> requests per IP address (a monitor polls far less often).</summary>
    public int HealthChecks { get; set; } = 60;

    /// <summary>Open pages (Blazor circuits) started per IP address, or per account when signed in.</summary>
    public int CircuitStarts { get; set; } = 30;

    /// <summary>ESI-costly buttons (Preview on My Synced Characters, Check contacts on Characters) per account.</summary>
    public int EsiChecks { get; set; } = 10;
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        const string s = RateLimitOptions.SectionName;
        var problems = new List<string>();
        if (options.Window <= TimeSpan.Zero)
            problems.Add($"{s}:Window must be more than 0 (for example 00:01:00); it is {options.Window:c}.");
        foreach (var (key, value) in new[] { ("HealthChecks", options.HealthChecks), ("CircuitStarts", options.CircuitStarts), ("EsiChecks", options.EsiChecks) })
        {
            if (value < 1)
                problems.Add($"{s}:{key} must be at least 1 (requests per {s}:Window); it is {value}.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
