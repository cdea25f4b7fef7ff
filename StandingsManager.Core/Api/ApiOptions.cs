using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Api;

/// <summary><c>Api</c>: limits of the read API for other programs.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Requests each key may make per minute; more get 429 with Retry-After.</summary>
    public int RequestsPerMinute { get; set; } = 120;
}

public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options) =>
        options.RequestsPerMinute is < 1 or > 100_000
            ? ValidateOptionsResult.Fail($"{ApiOptions.SectionName}:RequestsPerMinute must be between 1 and 100000 (requests per key per minute); it is {options.RequestsPerMinute}.")
            : ValidateOptionsResult.Success;
}
