using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Lists;

/// <summary><c>Lists</c>: how lists that follow a source read it.</summary>
public sealed class ListsOptions
{
    public const string SectionName = "Lists";

    /// <summary>How often a list that follows an in-game contact list reads it again (never before ESI's <c>Expires</c>).</summary>
    public int MirrorIntervalMinutes { get; set; } = 60;

    public TimeSpan MirrorInterval => TimeSpan.FromMinutes(MirrorIntervalMinutes);
}

public sealed class ListsOptionsValidator : IValidateOptions<ListsOptions>
{
    public ValidateOptionsResult Validate(string? name, ListsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // ESI caches contact lists for 5 minutes: reading more often only ever gets the same answer.
        return options.MirrorIntervalMinutes is < 5 or > 1440
            ? ValidateOptionsResult.Fail($"{ListsOptions.SectionName}:MirrorIntervalMinutes must be between 5 and 1440 (a day); it is {options.MirrorIntervalMinutes}.")
            : ValidateOptionsResult.Success;
    }
}
