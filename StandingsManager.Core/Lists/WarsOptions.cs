using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Lists;

/// <summary>The war scan's settings (section <c>Wars</c>).</summary>
public sealed class WarsOptions
{
    public const string SectionName = "Wars";
    public const int MinScanDepth = 100;
    public const int MaxScanDepth = 1_000_000;

    /// <summary>How many war ids a cold start reads back from the newest (20,000: a few hours at the killmail bucket's pace).</summary>
    public int ScanDepth { get; set; } = 20_000;
}

public sealed class WarsOptionsValidator : IValidateOptions<WarsOptions>
{
    public ValidateOptionsResult Validate(string? name, WarsOptions options) =>
        options.ScanDepth is < WarsOptions.MinScanDepth or > WarsOptions.MaxScanDepth
            ? ValidateOptionsResult.Fail($"{WarsOptions.SectionName}:ScanDepth must be {WarsOptions.MinScanDepth} to {WarsOptions.MaxScanDepth} war ids (one /wars page holds 2000); it is {options.ScanDepth}.")
            : ValidateOptionsResult.Success;
}
