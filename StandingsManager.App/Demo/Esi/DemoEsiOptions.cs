using Microsoft.Extensions.Options;

namespace StandingsManager.App.Demo.Esi;

/// <summary>The simulated ESI's settings (section <c>DemoEsi</c>).</summary>
public sealed class DemoEsiOptions
{
    public const string SectionName = "DemoEsi";

    /// <summary>
    /// How long ESI serves a character's contacts and labels from its cache (the spec's x-cache-age, 300 s). On in demo,
    /// so the app meets the stale reads it will meet on Tranquility; 0 turns it off.
    /// </summary>
    public int ReadCacheSeconds { get; set; } = 300;

    /// <summary>Added to every simulated ESI answer, as the round trip to Tranquility would be; 0 in demo, set by the sync bench.</summary>
    public int LatencyMs { get; set; }

    /// <summary>How many wars the simulated ESI holds (5,000 in demo; the wars bench sets 20,000). At least the demo alliance's four.</summary>
    public int Wars { get; set; } = 5_000;

    /// <summary>How long the simulated /wars answers are cached: ESI's 3,600 s; tests that watch a war start and end shorten it.</summary>
    public int WarsCacheSeconds { get; set; } = 3_600;
}

/// <summary>Negative values are refused at start-up rather than quietly read as 0.</summary>
public sealed class DemoEsiOptionsValidator : IValidateOptions<DemoEsiOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoEsiOptions options)
    {
        var problems = new List<string>();
        const string s = DemoEsiOptions.SectionName;
        if (options.ReadCacheSeconds < 0)
            problems.Add($"{s}:ReadCacheSeconds must be 0 (no cache) or more seconds; it is {options.ReadCacheSeconds}.");
        if (options.LatencyMs < 0)
            problems.Add($"{s}:LatencyMs must be 0 (none) or more milliseconds; it is {options.LatencyMs}.");
        if (options.WarsCacheSeconds < 1)
            problems.Add($"{s}:WarsCacheSeconds must be 1 or more seconds; it is {options.WarsCacheSeconds}.");
        if (options.Wars is < DemoEsiWars.SpecialWars or > 1_000_000)
            problems.Add($"{s}:Wars must be {DemoEsiWars.SpecialWars} to 1000000 wars; it is {options.Wars}.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
